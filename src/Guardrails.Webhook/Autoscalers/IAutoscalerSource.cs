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
