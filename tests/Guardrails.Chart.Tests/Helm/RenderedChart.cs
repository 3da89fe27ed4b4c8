using System.Text.Json.Nodes;

namespace Guardrails.Chart.Tests.Helm;

/// <summary>One document of Helm's output: the template it came from (Helm's <c># Source:</c> line), its text and the object.</summary>
internal sealed record RenderedDocument(string Template, string Text, JsonObject Object)
{
    public string Kind => (string?)Object["kind"] ?? "";

    public string Name => (string?)Object["metadata"]?["name"] ?? "";
}

/// <summary>What <c>helm template</c> printed, exactly (<see cref="Manifest"/>), and its documents parsed, in Helm's order.</summary>
internal sealed record RenderedChart(string Manifest, IReadOnlyList<RenderedDocument> Documents)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => d.Kind == kind).Select(d => d.Object);

    public JsonObject Single(string kind) => OfKind(kind).Should().ContainSingle($"the chart renders one {kind}").Subject;
}
