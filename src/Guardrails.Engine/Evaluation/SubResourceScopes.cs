using Guardrails.Engine.Format;

namespace Guardrails.Engine.Evaluation;

internal static class SubResourceScopes
{
    public static SubResourceScope Of(string? subResource) => subResource switch
    {
        null or "" => SubResourceScope.Object,
        "ephemeralcontainers" => SubResourceScope.EphemeralContainers,
        "scale" => SubResourceScope.Scale,
        _ => SubResourceScope.NotJudged,
    };

    public static bool Judges(SubResourceScope scope, RuleTarget target) => scope switch
    {
        SubResourceScope.EphemeralContainers => target is RuleTarget.Container or RuleTarget.Pod,
        SubResourceScope.Scale => target == RuleTarget.Object,
        _ => true,
    };
}
