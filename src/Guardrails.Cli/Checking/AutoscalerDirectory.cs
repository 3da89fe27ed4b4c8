using Guardrails.Cli.Reading;
using Guardrails.Engine.Autoscaling;

namespace Guardrails.Cli.Checking;

/// <summary>
/// The HorizontalPodAutoscalers of the input, by namespace, as the webhook reads them from its cluster cache: a workload
/// one of them scales is judged on the autoscaler's minReplicas. Only their facts are kept, never the objects.
/// </summary>
internal sealed class AutoscalerDirectory
{
    private readonly Dictionary<string, List<Autoscaler>> _byNamespace = new(StringComparer.Ordinal);

    public AutoscalerDirectory(IEnumerable<Autoscaler> autoscalers)
    {
        foreach (var autoscaler in autoscalers)
        {
            if (!_byNamespace.TryGetValue(autoscaler.Namespace, out var list))
            {
                list = [];
                _byNamespace[autoscaler.Namespace] = list;
            }

            list.Add(autoscaler);
        }
    }

    /// <summary>The autoscalers of <paramref name="namespaceName"/>, in input order; empty when the input holds none there.</summary>
    public IReadOnlyList<Autoscaler> In(string namespaceName) =>
        _byNamespace.TryGetValue(namespaceName, out var list) ? list : [];

    /// <summary>
    /// The facts of <paramref name="manifest"/> when it is a HorizontalPodAutoscaler, in the namespace it lands in; null
    /// otherwise, and for one whose facts cannot be read (judging it reports why).
    /// </summary>
    public static Autoscaler? FactsOf(ManifestObject manifest, string defaultNamespace) =>
        manifest.Kind == Autoscaler.Kind ? Autoscaler.FromObject(manifest.Object, manifest.Namespace ?? defaultNamespace) : null;
}
