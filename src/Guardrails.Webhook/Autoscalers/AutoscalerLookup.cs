using Guardrails.Engine.Autoscaling;

namespace Guardrails.Webhook.Autoscalers;

/// <summary>
/// The outcome of a lookup: the namespace's autoscalers (empty when it has none), or the reason they are unknown.
/// Unknown autoscalers leave a workload judged on its own replica count, and a denial says why.
/// </summary>
internal readonly record struct AutoscalerLookup(IReadOnlyList<Autoscaler>? Autoscalers, string? UnknownReason)
{
    public static AutoscalerLookup Known(IReadOnlyList<Autoscaler> autoscalers) => new(autoscalers, null);

    public static AutoscalerLookup Unknown(string reason) => new(null, reason);
}
