using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Engine.Hosts;

/// <summary>
/// How an object becomes an <see cref="EvaluationRequest"/>, the same in every host: a manifest in CI, a fixture in
/// <c>guardrails test</c>, an admission request in the webhook. An object without a namespace (a cluster-scoped kind)
/// has no namespace labels to be unknown and no autoscalers: they are empty, whatever the host knows.
/// </summary>
public static class HostRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>True when <paramref name="namespaceName"/> names no namespace (the object is cluster-scoped).</summary>
    public static bool IsClusterScoped(string? namespaceName) => string.IsNullOrEmpty(namespaceName);

    /// <summary>The request for <paramref name="obj"/>.</summary>
    /// <param name="obj">The object (null for DELETE).</param>
    /// <param name="operation">The operation (CI and tests judge CREATE unless told otherwise).</param>
    /// <param name="namespaceName">The namespace it lands in; null or empty for a cluster-scoped kind.</param>
    /// <param name="namespaceLabels">That namespace's labels (<see cref="NamespaceLabelDefaults"/>); null when unknown.</param>
    /// <param name="autoscalers">The HorizontalPodAutoscalers of that namespace; null when unknown.</param>
    /// <param name="oldObject">The object before an UPDATE, or the one a DELETE removes.</param>
    /// <param name="subResource">The subresource written, when not the object itself.</param>
    public static EvaluationRequest For(
        JsonElement? obj,
        AdmissionOperation operation,
        string? namespaceName,
        IReadOnlyDictionary<string, string>? namespaceLabels,
        IReadOnlyList<Autoscaler>? autoscalers,
        JsonElement? oldObject = null,
        string? subResource = null)
    {
        var clusterScoped = IsClusterScoped(namespaceName);
        return new EvaluationRequest
        {
            Object = obj,
            OldObject = oldObject,
            Operation = operation,
            Namespace = namespaceName ?? string.Empty,
            NamespaceLabels = clusterScoped ? NoLabels : namespaceLabels,
            Autoscalers = clusterScoped ? [] : autoscalers,
            SubResource = subResource,
        };
    }
}
