namespace Guardrails.Engine.Hosts;

/// <summary>
/// The labels a host judges a namespace's objects with, the same in every host: the labels it was given for the
/// namespace (from the cluster, <c>Namespace</c> objects in the input, or configuration) with the label the API server
/// sets on every namespace; for a namespace nobody described, only that label, or, strictly, none known at all
/// (null: every namespace selector is then assumed to match, and the result says so).
/// </summary>
public static class NamespaceLabelDefaults
{
    /// <summary>The label the API server sets on every namespace (since Kubernetes 1.21), to its name.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>The labels of a described namespace: <paramref name="labels"/>, with <see cref="NameLabel"/> set to <paramref name="namespaceName"/>.</summary>
    public static Dictionary<string, string> Described(string namespaceName, IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new Dictionary<string, string>(labels, StringComparer.Ordinal) { [NameLabel] = namespaceName };
    }

    /// <summary>
    /// The labels of a namespace nobody described: only <see cref="NameLabel"/>, as the API server would have it; null
    /// (unknown) when <paramref name="strict"/>.
    /// </summary>
    public static Dictionary<string, string>? Undescribed(string namespaceName, bool strict) =>
        strict ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [NameLabel] = namespaceName };
}
