using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>A violation of <c>guardrails check --format json</c>, with the patch the mutating webhook would apply for it.</summary>
internal sealed record CheckViolation(string Policy, string Rule, string Action, string Message, string? Remediation, string Pointer, string? ContainerType, IReadOnlyList<JsonObject> Patch)
{
    public string Tag => $"{Policy}/{Rule}";

    public static CheckViolation From(JsonNode node) => new(
        node["policy"]!.GetValue<string>(),
        node["rule"]!.GetValue<string>(),
        node["action"]!.GetValue<string>(),
        node["message"]!.GetValue<string>(),
        node["remediation"]?.GetValue<string>(),
        node["pointer"]!.GetValue<string>(),
        node["containerType"]?.GetValue<string>(),
        [.. node["patch"]!.AsArray().Select(op => op!.AsObject())]);

    public override string ToString() => $"{Action} [{Tag}] {Message} (at {Pointer}{(Patch.Count > 0 ? ", patched: " + new JsonArray([.. Patch.Select(p => p.DeepClone())]).ToJsonString() : "")})";
}
