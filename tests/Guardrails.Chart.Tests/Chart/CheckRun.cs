using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>One <c>guardrails check</c> over several manifests, and the part of its report that came from each.</summary>
internal sealed record CheckRun(CheckOutcome Outcome, IReadOnlyDictionary<string, string> Files)
{
    public string Because => $"guardrails check said:\n{Outcome.Output}{Outcome.Errors}";

    public JsonObject Report => Outcome.Report ?? throw new InvalidOperationException($"guardrails check printed no JSON report. {Because}");

    public IReadOnlyList<JsonObject> Objects(string key) => InFile(Report["objects"], key);

    public IReadOnlyList<JsonObject> Skipped(string key) => InFile(Report["skipped"], key);

    public IReadOnlyList<JsonObject> Errors(string key) => InFile(Report["errors"], key);

    private List<JsonObject> InFile(JsonNode? entries, string key) =>
        [.. entries!.AsArray().Select(e => e!.AsObject()).Where(e => (string?)e["file"] == Files[key])];
}
