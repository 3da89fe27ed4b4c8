namespace Guardrails.Webhook.Namespaces;

/// <summary>Where the webhook learns the labels of a namespace, for policies that select namespaces by label.</summary>
internal interface INamespaceLabelSource
{
    /// <summary>True once labels can be served (for the cluster: the namespace cache has synced).</summary>
    bool IsReady { get; }

    /// <summary>A short description for <c>/readyz</c>.</summary>
    string Description { get; }

    /// <summary>The labels of <paramref name="namespaceName"/>, or why they are unknown.</summary>
    NamespaceLabelLookup Lookup(string namespaceName);
}
