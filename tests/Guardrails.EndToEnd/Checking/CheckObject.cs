using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>One judged object of the JSON report.</summary>
internal sealed record CheckObject(
    string File,
    int Document,
    string Kind,
    string? Namespace,
    string Name,
    string Decision,
    IReadOnlyList<CheckViolation> Violations,
    IReadOnlyList<CheckExemption> Exemptions,
    IReadOnlyList<string> Errors,
    IReadOnlyList<JsonObject> Patch)
{
    public static CheckObject From(JsonNode node) => new(
        node["file"]!.GetValue<string>(),
        node["document"]!.GetValue<int>(),
        node["kind"]!.GetValue<string>(),
        node["namespace"]?.GetValue<string>(),
        node["name"]!.GetValue<string>(),
        node["decision"]!.GetValue<string>(),
        [.. node["violations"]!.AsArray().Select(v => CheckViolation.From(v!))],
        [.. node["exemptions"]!.AsArray().Select(e => CheckExemption.From(e!))],
        [.. node["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())],
        [.. node["patch"]!.AsArray().Select(op => op!.AsObject())]);

    public string Describe() =>
        $"guardrails check: {Kind} {Namespace}/{Name} {Decision}"
        + string.Concat(Violations.Select(v => "\n  " + v))
        + string.Concat(Exemptions.Select(e => $"\n  exemption {e.Status} [{e.Tag}] ({e.Source})"))
        + string.Concat(Errors.Select(e => "\n  error: " + e));
}
