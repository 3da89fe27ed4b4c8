using System.Xml.Linq;

namespace Guardrails.Cli.Tests.Layering;

/// <summary>
/// No namespace of src/ uses another that uses it back, directly or through others: each project's namespaces form
/// layers (docs/architecture.md names them), read from the compiled assemblies, not from <c>using</c> lines.
/// </summary>
public sealed class NamespaceCycleTests
{
    // Cycles another change removes; each entry is the exact set of namespaces, so the cycle may not grow.
    private static readonly string[][] Pending = [];

    [Fact]
    public void No_namespace_of_src_uses_one_that_uses_it_back()
    {
        var graph = NamespaceGraph.Read(SourceAssemblies(), "Guardrails");

        var cycles = graph.Cycles()
            .Where(cycle => !Pending.Any(pending => pending.SequenceEqual(cycle, StringComparer.Ordinal)))
            .Select(cycle => Describe(graph, cycle));

        cycles.Should().BeEmpty();
    }

    [Fact]
    public void The_graph_sees_the_layers_it_guards()
    {
        var graph = NamespaceGraph.Read(SourceAssemblies(), "Guardrails");

        graph.Edges.Should().ContainKey("Guardrails.Engine.Evaluation")
            .WhoseValue.Should().ContainKeys("Guardrails.Engine.Policies", "Guardrails.Engine.Matching", "Guardrails.Engine.Patching");
        graph.Edges["Guardrails.Cli.Commands"].Should().ContainKey("Guardrails.Engine.Loading");
    }

    [Fact]
    public void Every_src_project_is_read()
    {
        SourceAssemblies().Select(Path.GetFileNameWithoutExtension).Should().Contain(
            ["guardrails", "Guardrails.Engine", "Guardrails.Schema", "Guardrails.Yaml", "Guardrails.Webhook", "Guardrails.PackCompiler"]);
    }

    // Each src project's assembly, as built beside the tests (the test project references every one of them).
    private static List<string> SourceAssemblies() =>
        Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src"))
            .SelectMany(folder => Directory.GetFiles(folder, "*.csproj"))
            .Select(project => Path.Combine(AppContext.BaseDirectory, AssemblyName(project) + ".dll"))
            .Select(path => File.Exists(path) ? path : throw new FileNotFoundException("a src assembly is not beside the tests", path))
            .ToList();

    private static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);

    private static string Describe(NamespaceGraph graph, IReadOnlyList<string> cycle) =>
        string.Join("; ", cycle.SelectMany(from => graph.Edges[from]
            .Where(edge => cycle.Contains(edge.Key))
            .Select(edge => $"{from} -> {edge.Key} (in {string.Join(", ", edge.Value)})")));
}
