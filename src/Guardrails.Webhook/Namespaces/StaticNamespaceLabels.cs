using Guardrails.Engine.Hosts;

namespace Guardrails.Webhook.Namespaces;

/// <summary>
/// Namespace labels from configuration (<c>--no-cluster</c>), as <c>guardrails check</c> takes them from
/// <c>--namespace-labels</c>: a namespace not configured carries only <c>kubernetes.io/metadata.name</c>, or, when
/// strict, has unknown labels so that every namespace selector is assumed to match.
/// </summary>
internal sealed class StaticNamespaceLabels(IReadOnlyDictionary<string, Dictionary<string, string>> configured, bool strict) : INamespaceLabelSource
{
    public bool IsReady => true;

    public string Description => $"static ({configured.Count} namespace{(configured.Count == 1 ? "" : "s")} configured{(strict ? ", strict" : "")})";

    public NamespaceLabelLookup Lookup(string namespaceName)
    {
        if (configured.TryGetValue(namespaceName, out var labels))
        {
            return NamespaceLabelLookup.Known(NamespaceLabelDefaults.Described(namespaceName, labels));
        }

        return NamespaceLabelDefaults.Undescribed(namespaceName, strict) is { } assumed
            ? NamespaceLabelLookup.Known(assumed)
            : NamespaceLabelLookup.Unknown($"the labels of namespace {namespaceName} are not configured (--no-cluster --strict-namespaces)");
    }
}
