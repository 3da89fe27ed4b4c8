using Guardrails.Engine.Format;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Patching;
using Guardrails.Schema;
using Guardrails.Engine.Templates;

namespace Guardrails.Engine.Policies;

/// <summary>A compiled rule of a policy.</summary>
public sealed class Rule
{
    internal Rule(RuleSpec spec, PolicySpec policySpec, CompiledSchema schema, CompiledSchema? when, CompiledSchema? whenPod, MessageTemplate message, IReadOnlyList<Mutation> mutations, ScaledBy? scaledBy = null)
    {
        Id = spec.Id;
        Title = spec.Title ?? spec.Id;
        Description = spec.Description ?? policySpec.Description;
        Target = spec.Target;
        ContainerTypes = spec.Target == RuleTarget.Container
            ? spec.ContainerTypes is { Count: > 0 } types ? [.. types.Distinct()] : [ContainerType.Containers, ContainerType.InitContainers, ContainerType.EphemeralContainers]
            : [];
        ContainerSelection = ContainerSelections.Of(ContainerTypes);
        Remediation = spec.Remediation;
        Action = spec.Action ?? policySpec.Action;
        Severity = spec.Severity ?? policySpec.Severity;
        Schema = schema;
        When = when;
        WhenPod = whenPod;
        Message = message;
        Mutations = mutations;
        ScaledBy = scaledBy;
        Matcher = spec.Match is null ? null : new ObjectMatcher(spec.Match, defaultToPodKinds: false);
    }

    /// <summary>Rule id, unique in its policy.</summary>
    public string Id { get; }

    /// <summary>One line.</summary>
    public string Title { get; }

    /// <summary>What it checks and why.</summary>
    public string Description { get; }

    /// <summary>What the schema applies to.</summary>
    public RuleTarget Target { get; }

    /// <summary>For container rules: which containers.</summary>
    public IReadOnlyList<ContainerType> ContainerTypes { get; }

    /// <summary>How to fix a violation.</summary>
    public string? Remediation { get; }

    /// <summary>What a violation does.</summary>
    public PolicyAction Action { get; }

    /// <summary>How bad a violation is.</summary>
    public Severity Severity { get; }

    /// <summary>True when the rule can fix what it finds.</summary>
    public bool CanMutate => Mutations.Count > 0;

    /// <summary><see cref="ContainerTypes"/> as flags, for choosing the targets without a search per rule.</summary>
    internal ContainerSelection ContainerSelection { get; }

    internal CompiledSchema Schema { get; }

    internal CompiledSchema? When { get; }

    internal CompiledSchema? WhenPod { get; }

    internal MessageTemplate Message { get; }

    internal IReadOnlyList<Mutation> Mutations { get; }

    internal ScaledBy? ScaledBy { get; }

    internal ObjectMatcher? Matcher { get; }
}
