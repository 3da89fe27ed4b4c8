using Guardrails.Engine.Format;

namespace Guardrails.Cli.Testing;

/// <summary>A policy's test file (<c>tests/cases.yaml</c>, <c>kind: PolicyTest</c>).</summary>
internal sealed record PolicyTestDocument
{
    public string ApiVersion { get; init; } = "";

    public string Kind { get; init; } = "";

    public PolicyMetadata Metadata { get; init; } = new();

    public PolicyTestSpec Spec { get; init; } = new();
}

internal sealed record PolicyTestSpec
{
    /// <summary>Labels of namespaces; when given, namespaces not listed are known to have no labels.</summary>
    public Dictionary<string, Dictionary<string, string>>? NamespaceLabels { get; init; }

    /// <summary>An exemptions file, relative to the test file.</summary>
    public string? Exemptions { get; init; }

    /// <summary>The date exemptions are judged on (YYYY-MM-DD), so expiry tests stay true over time.</summary>
    public string? Today { get; init; }

    public List<PolicyTestCase> Cases { get; init; } = [];
}

internal sealed record PolicyTestCase
{
    public string Name { get; init; } = "";

    public string File { get; init; } = "";

    public int? Document { get; init; }

    public AdmissionOperation Operation { get; init; } = AdmissionOperation.Create;

    public string? Namespace { get; init; }

    /// <summary>
    /// Fixture files of other objects beside the one judged, as <c>guardrails check</c> finds them in its input and the
    /// webhook in its cluster cache: their HorizontalPodAutoscalers are the request's autoscalers. Relative to the test file.
    /// </summary>
    public List<string>? Objects { get; init; }

    public List<ExpectedViolation> Expect { get; init; } = [];
}

internal sealed record ExpectedViolation
{
    public string Rule { get; init; } = "";

    public string Pointer { get; init; } = "";

    /// <summary>Optional: the policy, when a test expects another policy's finding.</summary>
    public string? Policy { get; init; }
}
