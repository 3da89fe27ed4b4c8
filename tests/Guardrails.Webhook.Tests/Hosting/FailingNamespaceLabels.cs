using Guardrails.Webhook.Namespaces;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>A namespace label source with a bug: every lookup throws, as nothing in the webhook should.</summary>
internal sealed class FailingNamespaceLabels : INamespaceLabelSource
{
    public bool IsReady => true;

    public string Description => "failing (test)";

    public NamespaceLabelLookup Lookup(string namespaceName) => throw new InvalidOperationException("a bug in the namespace cache");
}
