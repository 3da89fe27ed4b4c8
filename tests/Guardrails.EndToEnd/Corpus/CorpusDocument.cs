using System.Text.Json.Nodes;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// One manifest document the suite writes through the API server: its YAML text as the fixture has it, the namespace
/// it names (or its case gives), that namespace's labels, and the operation. Identical documents of several fixture
/// folders (the shared fixtures, the golden Deployment) are one document.
/// </summary>
internal sealed record CorpusDocument(string Key, string Source, int Index, string Text, JsonObject Object, string Namespace, IReadOnlyDictionary<string, string> Labels, string Operation)
{
    public string Kind => Object["kind"]!.GetValue<string>();

    public string Name => Object["metadata"]!["name"]!.GetValue<string>();

    /// <summary>A Pod UPDATE that adds ephemeral containers: in a cluster that is the ephemeralcontainers subresource.</summary>
    public bool AddsEphemeralContainers => Kind == "Pod" && Operation == "UPDATE" && Object["spec"]?["ephemeralContainers"] is JsonArray;

    /// <summary>
    /// Whether a finding of check is one the cluster judges for this document: all of them, except for a Pod that adds
    /// ephemeral containers, where the subresource judges only what concerns the ephemeral containers (the rest of the
    /// pod was created unjudged, as set-up).
    /// </summary>
    public bool Judges(Checking.CheckViolation violation) =>
        !AddsEphemeralContainers || violation.Pointer.StartsWith("/spec/ephemeralContainers/", StringComparison.Ordinal);

    /// <summary>A Namespace: cluster-scoped, written under a name of its own instead of into a namespace.</summary>
    public bool IsNamespace => Kind == "Namespace";

    /// <summary>kube-system, which the chart's webhooks never see.</summary>
    public bool InKubeSystem => Namespace == "kube-system";
}
