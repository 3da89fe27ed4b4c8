using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Guardrails.Engine.Format;

/// <summary>A policy file document (<c>apiVersion: guardrails.dev/v1</c>, <c>kind: Policy</c>), shaped like a Kubernetes object.</summary>
public sealed record PolicyDocument
{
    /// <summary>Always <c>guardrails.dev/v1</c>.</summary>
    [Required]
    [RegularExpression("^guardrails\\.dev/v1$")]
    public string ApiVersion { get; init; } = "";

    /// <summary>Always <c>Policy</c>.</summary>
    [Required]
    [RegularExpression("^Policy$")]
    public string Kind { get; init; } = "";

    /// <summary>The policy's name, which is its id.</summary>
    [Required]
    public PolicyMetadata Metadata { get; init; } = new();

    /// <summary>What the policy checks.</summary>
    [Required]
    public PolicySpec Spec { get; init; } = new();
}

/// <summary>Object metadata of a policy.</summary>
public sealed record PolicyMetadata
{
    /// <summary>The policy id: unique in the set, DNS-1123 (lower case letters, digits, '-').</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    public string Name { get; init; } = "";

    /// <summary>Free labels.</summary>
    public Dictionary<string, string>? Labels { get; init; }

    /// <summary>Free annotations.</summary>
    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>The body of a policy.</summary>
public sealed record PolicySpec
{
    /// <summary>One line that says what compliant objects do.</summary>
    [Required]
    public string Title { get; init; } = "";

    /// <summary>Why it matters.</summary>
    [Required]
    public string Description { get; init; } = "";

    /// <summary>What the policy protects.</summary>
    [Required]
    public PolicyCategory Category { get; init; }

    /// <summary>How bad a violation is.</summary>
    [Required]
    public Severity Severity { get; init; }

    /// <summary>What a violation does, unless a rule overrides it.</summary>
    [Required]
    public PolicyAction Action { get; init; }

    /// <summary>Which objects and requests the policy applies to.</summary>
    public MatchSpec? Match { get; init; }

    /// <summary>The checks.</summary>
    [Required]
    public List<RuleSpec> Rules { get; init; } = [];
}

/// <summary>One check of a policy.</summary>
public sealed record RuleSpec
{
    /// <summary>Rule id, unique in the policy, DNS-1123.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    public string Id { get; init; } = "";

    /// <summary>One line.</summary>
    public string? Title { get; init; }

    /// <summary>What the rule checks and why.</summary>
    public string? Description { get; init; }

    /// <summary>What the schema is applied to.</summary>
    [Required]
    public RuleTarget Target { get; init; }

    /// <summary>For container rules: which containers (default: containers, initContainers, ephemeralContainers).</summary>
    public List<ContainerType>? ContainerTypes { get; init; }

    /// <summary>Narrows the policy's match for this rule.</summary>
    public MatchSpec? Match { get; init; }

    /// <summary>A JSON Schema precondition: the rule applies only to targets that satisfy it.</summary>
    public JsonElement? When { get; init; }

    /// <summary>
    /// For pod and container rules: a JSON Schema precondition on the pod spec, e.g. only pods whose
    /// <c>restartPolicy</c> is <c>Always</c> (long-running).
    /// </summary>
    public JsonElement? WhenPod { get; init; }

    /// <summary>The JSON Schema a compliant target satisfies.</summary>
    [Required]
    public JsonElement Schema { get; init; }

    /// <summary>The violation message, with <c>{{placeholders}}</c>.</summary>
    [Required]
    public string Message { get; init; } = "";

    /// <summary>How to fix a violation.</summary>
    public string? Remediation { get; init; }

    /// <summary>Overrides the policy's action for this rule.</summary>
    public PolicyAction? Action { get; init; }

    /// <summary>Overrides the policy's severity for this rule.</summary>
    public Severity? Severity { get; init; }

    /// <summary>Fields, relative to the target, that the mutating webhook fills in where the rule fails and they are absent.</summary>
    public List<MutationSpec>? Mutate { get; init; }

    /// <summary>
    /// For object rules: the replica count an autoscaler keeps. An object a HorizontalPodAutoscaler scales is judged with
    /// the autoscaler's <c>minReplicas</c> in place of its own count, and its mutation is withheld.
    /// </summary>
    public ScaledBySpec? ScaledBy { get; init; }
}

/// <summary>
/// The autoscaler relation of an object rule: which field a HorizontalPodAutoscaler owns, and how a violation judged on
/// the autoscaler reads.
/// </summary>
public sealed record ScaledBySpec
{
    /// <summary>The autoscaler's kind: <c>HorizontalPodAutoscaler</c> (the host supplies their facts).</summary>
    [Required]
    [RegularExpression("^HorizontalPodAutoscaler$")]
    public string Kind { get; init; } = "";

    /// <summary>JSON Pointer, relative to the target, of the replica count the autoscaler sets; its <c>minReplicas</c> (1 when absent) stands for it.</summary>
    [Required]
    public string Replicas { get; init; } = "";

    /// <summary>The violation message when the autoscaler's <c>minReplicas</c> fails the rule; also <c>{{autoscaler.name}}</c> and <c>{{autoscaler.minReplicas}}</c>.</summary>
    [Required]
    public string Message { get; init; } = "";

    /// <summary>How to fix such a violation; the rule's remediation when absent.</summary>
    public string? Remediation { get; init; }
}

/// <summary>One field a mutation fills in when it is absent, relative to the rule's target.</summary>
public sealed record MutationSpec
{
    /// <summary>The operation: <c>add</c>, which fills in an absent field and never rewrites a written one.</summary>
    [Required]
    public PatchOp Op { get; init; }

    /// <summary>JSON Pointer relative to the target.</summary>
    [Required]
    public string Path { get; init; } = "";

    /// <summary>The value to fill in; a string <c>{{path ?? default}}</c> copies a value of the target.</summary>
    public JsonElement? Value { get; init; }
}

/// <summary>Which objects and requests a policy or rule applies to.</summary>
public sealed record MatchSpec
{
    /// <summary>Kinds (empty: every pod-bearing kind). <c>Pod</c> implies the pod controllers.</summary>
    public List<string>? Kinds { get; init; }

    /// <summary>Kinds left out.</summary>
    public List<string>? ExcludeKinds { get; init; }

    /// <summary>Operations (default CREATE and UPDATE).</summary>
    public List<AdmissionOperation>? Operations { get; init; }

    /// <summary>Namespace globs (empty: all).</summary>
    public List<string>? Namespaces { get; init; }

    /// <summary>Namespace globs left out.</summary>
    public List<string>? ExcludeNamespaces { get; init; }

    /// <summary>Labels the object's namespace must carry.</summary>
    public LabelSelectorSpec? NamespaceSelector { get; init; }

    /// <summary>Labels the object must carry.</summary>
    public LabelSelectorSpec? ObjectSelector { get; init; }
}

/// <summary>A Kubernetes label selector.</summary>
public sealed record LabelSelectorSpec
{
    /// <summary>Labels that must be present with these values.</summary>
    public Dictionary<string, string>? MatchLabels { get; init; }

    /// <summary>Set-based requirements.</summary>
    public List<LabelSelectorRequirementSpec>? MatchExpressions { get; init; }
}

/// <summary>One set-based label requirement.</summary>
public sealed record LabelSelectorRequirementSpec
{
    /// <summary>The label key.</summary>
    [Required]
    public string Key { get; init; } = "";

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    [Required]
    [RegularExpression("^(In|NotIn|Exists|DoesNotExist)$")]
    public string Operator { get; init; } = "";

    /// <summary>Values for In and NotIn.</summary>
    public List<string>? Values { get; init; }
}
