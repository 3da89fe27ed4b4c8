using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>A violation of <c>guardrails check --format json</c>, with the patch the mutating webhook would apply for it.</summary>
internal sealed record CheckViolation(string Policy, string Rule, string Action, string Message, string? Remediation, string Pointer, string? ContainerType, IReadOnlyList<JsonObject> Patch)
{
    /// <summary>The container the finding is about, if any.</summary>
    public string? Container { get; init; }

    /// <summary>The report's <c>fixedInCluster</c>: the mutating webhook fixes this violation.</summary>
    public bool FixedInCluster { get; init; }

    /// <summary>The report's <c>sets</c>: the fields the mutating webhook fills in (pointer, kubectl's field name, value).</summary>
    public IReadOnlyList<JsonObject> Sets { get; init; } = [];

    /// <summary>True when a field in <see cref="Sets"/> is filled in only when the object arrives by an apply (<c>onlyWhenApplied</c>).</summary>
    public bool OnlyWhenApplied => Sets.Any(set => set["onlyWhenApplied"]?.GetValue<bool>() == true);

    public string Tag => $"{Policy}/{Rule}";

    public static CheckViolation From(JsonNode node) => new(
        node["policy"]!.GetValue<string>(),
        node["rule"]!.GetValue<string>(),
        node["action"]!.GetValue<string>(),
        node["message"]!.GetValue<string>(),
        node["remediation"]?.GetValue<string>(),
        node["pointer"]!.GetValue<string>(),
        node["containerType"]?.GetValue<string>(),
        [.. node["patch"]!.AsArray().Select(op => op!.AsObject())])
    {
        Container = node["container"]?.GetValue<string>(),
        FixedInCluster = node["fixedInCluster"]?.GetValue<bool>() ?? false,
        Sets = [.. (node["sets"] as JsonArray ?? []).Select(set => set!.AsObject())],
    };

    public override string ToString() => $"{Action} [{Tag}] {Message} (at {Pointer}{(FixedInCluster ? ", fixed in the cluster: " + new JsonArray([.. Sets.Select(p => p.DeepClone())]).ToJsonString() : "")})";
}
