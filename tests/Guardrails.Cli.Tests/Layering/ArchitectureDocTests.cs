using System.Text.RegularExpressions;

namespace Guardrails.Cli.Tests.Layering;

/// <summary>
/// docs/architecture.md and docs/internals.md name the files that do each step: a path that no longer exists is a
/// doc that drifted, found here rather than by a newcomer.
/// </summary>
public sealed partial class ArchitectureDocTests
{
    [Theory]
    [InlineData("docs/architecture.md")]
    [InlineData("docs/internals.md")]
    public void Every_repository_path_the_page_names_exists(string page)
    {
        var named = NamedPaths(File.ReadAllText(Path.Combine(RepoPaths.Root, page))).ToList();

        named.Should().NotBeEmpty();
        named.Where(path => !File.Exists(Path.Combine(RepoPaths.Root, path)) && !Directory.Exists(Path.Combine(RepoPaths.Root, path)))
            .Should().BeEmpty($"every path {page} names is in the repository");
    }

    [Fact]
    public void The_architecture_names_the_files_of_every_step_of_both_paths()
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs/architecture.md"));

        page.Should().Contain("collect -> read -> namespaces -> judge -> report")
            .And.Contain("AdmissionReview -> request -> engine -> decision/patch -> response");
        NamedPaths(page).Where(path => path.EndsWith(".cs", StringComparison.Ordinal)).Should().HaveCountGreaterThan(40);
    }

    [Fact]
    public void Paths_are_found_in_text_and_cut_before_punctuation()
    {
        NamedPaths("see `src/Guardrails.Cli/Reading/ManifestReader.cs`, then src/Guardrails.Engine/Hosts. Not xsrc/a nor a/src/b.")
            .Should().Equal("src/Guardrails.Cli/Reading/ManifestReader.cs", "src/Guardrails.Engine/Hosts");
    }

    private static IEnumerable<string> NamedPaths(string text) =>
        RepositoryPath().Matches(text).Select(match => match.Value.TrimEnd('.', ',', ':', ';')).Distinct();

    [GeneratedRegex(@"(?<![\w./-])(?:src|tests|docs|build|charts|policies|examples)/[A-Za-z0-9_./-]*")]
    private static partial Regex RepositoryPath();
}
