using System.Text.RegularExpressions;

namespace Guardrails.Cli.Tests.Layering;

/// <summary>
/// Tests mirror src/ (issue 17): each folder of a src project that holds code has a folder of the same path in the
/// project's test project, holding tests, and every test file's namespace is its folder. A newcomer looking for the
/// tests of a type finds them at the type's own path.
/// </summary>
public sealed partial class TestFolderMirrorTests
{
    // A build-time tool, never shipped: its output, the compiled pack, is tested by the engine's
    // Loading/CompiledPackTests and the CLI's PolicySets/BuiltInPackTests, and any problem fails the build.
    private static readonly HashSet<string> WithoutTestProject = new(StringComparer.Ordinal) { "Guardrails.PackCompiler" };

    [Fact]
    public void Every_src_project_has_its_test_project()
    {
        SourceProjects()
            .Where(project => !WithoutTestProject.Contains(project))
            .Where(project => !Directory.Exists(TestProject(project)))
            .Select(project => $"src/{project} has no tests/{project}.Tests")
            .Should().BeEmpty();
    }

    [Fact]
    public void Every_src_folder_with_code_has_a_tests_folder_with_tests()
    {
        var missing = SourceProjects()
            .Where(project => Directory.Exists(TestProject(project)))
            .SelectMany(project => CodeFolders(Path.Combine(RepoPaths.Root, "src", project))
                .Where(folder => folder.Length > 0)
                .Where(folder => !HoldsTests(Path.Combine(TestProject(project), folder)))
                .Select(folder => $"src/{project}/{folder} has no tests in tests/{project}.Tests/{folder}"))
            .ToList();

        missing.Should().BeEmpty();
    }

    [Fact]
    public void Every_test_file_is_in_the_namespace_of_its_folder()
    {
        var misplaced = Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "tests"))
            .SelectMany(project => CodeFiles(project).Select(file => (Project: project, File: file)))
            .Select(entry => (entry.File, Expected: ExpectedNamespace(entry.Project, entry.File), Actual: DeclaredNamespace(entry.File)))
            .Where(entry => entry.Actual is not null && entry.Actual != entry.Expected)
            .Select(entry => $"{Path.GetRelativePath(RepoPaths.Root, entry.File)} is in {entry.Actual}, not {entry.Expected}")
            .ToList();

        misplaced.Should().BeEmpty();
    }

    private static IEnumerable<string> SourceProjects() =>
        Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "src")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static string TestProject(string project) => Path.Combine(RepoPaths.Root, "tests", project + ".Tests");

    // Folders relative to the project, "" for the project's own; bin/ and obj/ are build output.
    private static IEnumerable<string> CodeFolders(string project) =>
        CodeFiles(project).Select(file => Path.GetRelativePath(project, Path.GetDirectoryName(file)!)).Select(folder => folder == "." ? string.Empty : folder).Distinct();

    private static IEnumerable<string> CodeFiles(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    private static bool HoldsTests(string folder) =>
        Directory.Exists(folder)
        && Directory.EnumerateFiles(folder, "*.cs").Any(file => TestAttribute().IsMatch(File.ReadAllText(file)));

    private static string ExpectedNamespace(string project, string file)
    {
        var folder = Path.GetRelativePath(project, Path.GetDirectoryName(file)!);
        var name = Path.GetFileName(project);
        return folder == "." ? name : $"{name}.{folder.Replace(Path.DirectorySeparatorChar, '.')}";
    }

    private static string? DeclaredNamespace(string file) =>
        FileScopedNamespace().Match(File.ReadAllText(file)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^\s*\[(Fact|Theory)\b", RegexOptions.Multiline)]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}
