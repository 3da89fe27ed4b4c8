using Guardrails.Engine.Autoscaling;

namespace Guardrails.Webhook.Autoscalers;

/// <summary>Where the webhook learns the HorizontalPodAutoscalers of a namespace, for rules that judge a workload on its autoscaler.</summary>
internal interface IAutoscalerSource
{
    /// <summary>True once autoscalers can be served (for the cluster: the autoscaler cache has synced).</summary>
    bool IsReady { get; }

    /// <summary>A short description for <c>/readyz</c> and the startup log.</summary>
    string Description { get; }

    /// <summary>The autoscalers of <paramref name="namespaceName"/>, or why they are unknown.</summary>
    AutoscalerLookup Lookup(string namespaceName);
}

/// <summary>
/// The outcome of a lookup: the namespace's autoscalers (empty when it has none), or the reason they are unknown.
/// Unknown autoscalers leave a workload judged on its own replica count, and a denial says why.
/// </summary>
internal readonly record struct AutoscalerLookup(IReadOnlyList<Autoscaler>? Autoscalers, string? UnknownReason)
{
    public static AutoscalerLookup Known(IReadOnlyList<Autoscaler> autoscalers) => new(autoscalers, null);

    public static AutoscalerLookup Unknown(string reason) => new(null, reason);
}
