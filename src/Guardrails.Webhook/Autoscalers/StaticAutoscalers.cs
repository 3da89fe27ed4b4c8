using Guardrails.Engine.Autoscaling;

namespace Guardrails.Webhook.Autoscalers;

/// <summary>
/// Autoscalers from configuration: none with <c>--no-cluster</c>, where no HorizontalPodAutoscaler can be read, so every
/// workload is judged on its own replica count; tests give the autoscalers a cluster would hold.
/// </summary>
internal sealed class StaticAutoscalers(IReadOnlyList<Autoscaler> autoscalers) : IAutoscalerSource
{
    /// <summary>No autoscalers at all.</summary>
    public static StaticAutoscalers None { get; } = new([]);

    public bool IsReady => true;

    public string Description => autoscalers.Count == 0 ? "none (no cluster)" : $"static ({autoscalers.Count} HorizontalPodAutoscaler{(autoscalers.Count == 1 ? "" : "s")})";

    public AutoscalerLookup Lookup(string namespaceName) => autoscalers.Count == 0
        ? AutoscalerLookup.Known([])
        : AutoscalerLookup.Known([.. autoscalers.Where(a => string.Equals(a.Namespace, namespaceName, StringComparison.Ordinal))]);
}
