using System.Xml.Linq;

namespace Guardrails.Cli.Tests.Layering;

/// <summary>
/// A project of src/ shows its internals to tests, benchmarks and fuzzers only: another production project that needs
/// something of it uses its public surface (issue 17), so no host leans on another's internals.
/// </summary>
public sealed class InternalsVisibilityTests
{
    [Fact]
    public void Src_projects_show_their_internals_only_to_projects_under_tests()
    {
        var testAssemblies = TestAssemblyNames();

        var grants = SourceProjects()
            .SelectMany(project => Grants(project).Select(grantee => (Project: Path.GetFileName(project), Grantee: grantee)))
            .ToList();

        grants.Should().NotBeEmpty("the tests see the internals they test");
        grants.Where(grant => !testAssemblies.Contains(grant.Grantee))
            .Select(grant => $"{grant.Project} shows its internals to {grant.Grantee}")
            .Should().BeEmpty();
    }

    [Fact]
    public void No_src_file_grants_internals_in_code()
    {
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => File.ReadAllText(file).Contains("InternalsVisibleTo", StringComparison.Ordinal))
            .Should().BeEmpty("grants are declared in the project files, where the test above reads them");
    }

    private static IEnumerable<string> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories);

    private static IEnumerable<string> Grants(string project) =>
        XDocument.Load(project).Descendants("InternalsVisibleTo").Select(item => (string?)item.Attribute("Include") ?? string.Empty);

    // A test project's assembly is named by its AssemblyName, or else by its file.
    private static HashSet<string> TestAssemblyNames() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests"), "*.csproj", SearchOption.AllDirectories)
            .Select(project => XDocument.Load(project).Descendants("AssemblyName").Select(name => name.Value).FirstOrDefault()
                ?? Path.GetFileNameWithoutExtension(project))
            .ToHashSet(StringComparer.Ordinal);
}
