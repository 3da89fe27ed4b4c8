using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// For each kind of target (the pod spec, regular containers, plain init containers, sidecars, ephemeral containers),
/// the conjunction of the schemas of every fusable rule of a policy set that can judge it
/// (<see cref="SchemaCompiler.AllOf"/>): one walk of a container answers whether it passes all of them, and only a
/// container that fails it is judged rule by rule. A rule is fusable when its schema alone decides it on a target of
/// the object (no <c>when</c>, no <c>scaledBy</c>). A rule that does not apply to the request (its kind, namespace or
/// <c>whenPod</c>) is in the conjunction too: a target that passes it passes each of its rules, whichever apply.
/// Immutable and thread-safe.
/// </summary>
internal sealed class FusedChecks
{
    private const int Pod = 0;
    private const int Containers = 1;
    private const int InitContainers = 2;
    private const int Sidecars = 3;
    private const int EphemeralContainers = 4;

    // By the kinds above; null where fewer than two rules judge that kind (nothing to share).
    private readonly CompiledSchema?[] _checks = new CompiledSchema?[5];

    public FusedChecks(PolicySet policies)
    {
        var rules = policies.Policies.SelectMany(p => p.Rules).Where(IsFusable).ToList();
        _checks[Pod] = Conjunction(rules.Where(r => r.Target == RuleTarget.Pod));
        var containerRules = rules.Where(r => r.Target == RuleTarget.Container).ToList();
        _checks[Containers] = Conjunction(containerRules.Where(r => Selects(r, ContainerSelection.Containers)));
        _checks[InitContainers] = Conjunction(containerRules.Where(r => Selects(r, ContainerSelection.InitContainers)));
        _checks[Sidecars] = Conjunction(containerRules.Where(r => Selects(r, ContainerSelection.InitContainers) || Selects(r, ContainerSelection.SidecarContainers)));
        _checks[EphemeralContainers] = Conjunction(containerRules.Where(r => Selects(r, ContainerSelection.EphemeralContainers)));
    }

    /// <summary>Whether <paramref name="rule"/>'s verdict on a target of the object is its schema's alone.</summary>
    public static bool IsFusable(Rule rule) => rule.When is null && rule.ScaledBy is null && rule.Target is RuleTarget.Pod or RuleTarget.Container;

    /// <summary>The conjunction that judges <paramref name="target"/> of a fusable rule aimed at <paramref name="kind"/>; null when there is none.</summary>
    public CompiledSchema? For(RuleTarget kind, in Target target) => _checks[kind == RuleTarget.Pod ? Pod : target.Field switch
    {
        "containers" => Containers,
        "initContainers" => target.IsSidecar ? Sidecars : InitContainers,
        _ => EphemeralContainers,
    }];

    private static bool Selects(Rule rule, ContainerSelection selection) => (rule.ContainerSelection & selection) != 0;

    private static CompiledSchema? Conjunction(IEnumerable<Rule> rules)
    {
        var schemas = rules.Select(r => r.Schema).ToList();
        return schemas.Count < 2 ? null : SchemaCompiler.AllOf(schemas);
    }
}
