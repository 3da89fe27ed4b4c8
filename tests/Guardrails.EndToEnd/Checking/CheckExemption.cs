using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>An exemption use of the JSON report: applied, expired or not-allowed.</summary>
internal sealed record CheckExemption(string Policy, string Rule, string Status, string Source)
{
    public string Tag => $"{Policy}/{Rule}";

    public static CheckExemption From(JsonNode node) => new(
        node["policy"]!.GetValue<string>(), node["rule"]!.GetValue<string>(), node["status"]!.GetValue<string>(), node["source"]!.GetValue<string>());
}
