namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// Fixture documents the API server refuses by itself (422 from its own validation, with no mutating webhook involved),
/// so no webhook ever sees them: CI-only cases. Declared here, so that a new one fails the suite until it is looked at.
/// </summary>
internal static class ApiRefusedDocuments
{
    /// <summary>Source file and document index, and what the API server says.</summary>
    public static readonly IReadOnlyDictionary<string, string> Declared = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["policies/health-probes/tests/pods.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/deployments.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/daemonsets.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/replicasets.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/replicationcontrollers.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/jobs.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/health-probes/tests/cronjobs.yaml#2"] = "readinessProbe: Required value: must specify a handler type",
        ["policies/vault-only-secrets/tests/ecma-patterns.yaml#1"] = "a valid environment variable name must consist only of printable ASCII characters",
    };

    public static bool Contains(CorpusDocument document) => Declared.ContainsKey($"{document.Source}#{document.Index}");

    public static string? Reason(CorpusDocument document) => Declared.GetValueOrDefault($"{document.Source}#{document.Index}");
}
