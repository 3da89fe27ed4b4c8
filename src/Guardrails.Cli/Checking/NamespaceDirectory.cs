using System.Collections.Concurrent;
using System.Text.Json;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Hosts;

namespace Guardrails.Cli.Checking;

/// <summary>
/// The labels of each namespace, as the webhook would read them from the cluster: from <c>Namespace</c> objects in
/// the input and from <c>--namespace-labels</c> (which wins). A namespace given by neither is assumed to carry only
/// the label the API server sets on every namespace, unless <c>strict</c>, where its labels count as unknown and
/// every namespace selector is assumed to match (the engine's fail-closed default).
/// </summary>
internal sealed class NamespaceDirectory
{
    private readonly Dictionary<string, NamespaceContext> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NamespaceContext> _assumed = new(StringComparer.Ordinal);
    private readonly bool _strict;

    public NamespaceDirectory(IEnumerable<ManifestObject> namespaceObjects, IReadOnlyDictionary<string, Dictionary<string, string>> optionLabels, bool strict)
    {
        _strict = strict;
        foreach (var manifest in namespaceObjects)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (manifest.Object.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("labels", out var labelMap) && labelMap.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in labelMap.EnumerateObject())
                {
                    if (label.Value.ValueKind == JsonValueKind.String)
                    {
                        labels[label.Name] = label.Value.GetString()!;
                    }
                }
            }

            _known[manifest.Name] = new NamespaceContext(manifest.Name, NamespaceLabelDefaults.Described(manifest.Name, labels), NamespaceLabelSource.Input);
        }

        foreach (var (name, given) in optionLabels)
        {
            _known[name] = new NamespaceContext(name, NamespaceLabelDefaults.Described(name, given), NamespaceLabelSource.Option);
        }
    }

    /// <summary>True for a v1 Namespace object, whose labels feed the directory.</summary>
    public static bool IsNamespaceObject(ManifestObject manifest) =>
        manifest.Kind == "Namespace" && manifest.ApiVersion == "v1" && manifest.Name.Length > 0;

    /// <summary>The labels to judge objects of <paramref name="namespaceName"/> with; null means unknown.</summary>
    public IReadOnlyDictionary<string, string>? LabelsOf(string namespaceName)
    {
        var context = _known.TryGetValue(namespaceName, out var known) ? known : _assumed.GetOrAdd(namespaceName, Assume);
        return context.Source == NamespaceLabelSource.Unknown ? null : context.Labels;
    }

    /// <summary>Every namespace consulted or declared, by name.</summary>
    public IReadOnlyList<NamespaceContext> Contexts =>
        [.. _known.Values.Concat(_assumed.Values).OrderBy(c => c.Name, StringComparer.Ordinal)];

    private NamespaceContext Assume(string name) => NamespaceLabelDefaults.Undescribed(name, _strict) is { } labels
        ? new NamespaceContext(name, labels, NamespaceLabelSource.Assumed)
        : new NamespaceContext(name, new Dictionary<string, string>(), NamespaceLabelSource.Unknown);
}
