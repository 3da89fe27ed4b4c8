using System.Net;
using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Reads what an audit judges, scope by scope: the cluster-scoped kinds, then each namespace with its real labels and the
/// facts of its HorizontalPodAutoscalers, then that namespace's objects kind by kind, a page at a time. Only the namespaces'
/// names and labels are kept for the whole run (a list's continue token would expire over a long audit); objects are
/// held one page at a time.
/// </summary>
internal sealed class ClusterAuditReader(ClusterRest rest, ClusterObjectLister lister)
{
    /// <summary>The events of an audit of <paramref name="scope"/>.</summary>
    public async IAsyncEnumerable<AuditEvent> ReadAsync(AuditScope scope, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (scope.Namespace is null && scope.Resources.Any(r => !r.Namespaced))
        {
            yield return new ScopeStarted(null, new Dictionary<string, string>(), []);
            foreach (var resource in scope.Resources.Where(r => !r.Namespaced))
            {
                await foreach (var page in lister.ListAsync(resource, null, scope.LabelSelector, cancellationToken).ConfigureAwait(false))
                {
                    using (page)
                    {
                        yield return new PageRead(resource, page);
                    }
                }
            }

            yield return new ScopeEnded(null);
        }

        var namespaced = scope.Resources.Where(r => r.Namespaced).ToList();
        if (namespaced.Count == 0)
        {
            yield break;
        }

        foreach (var (name, labels) in await NamespacesAsync(scope.Namespace, cancellationToken).ConfigureAwait(false))
        {
            var autoscalers = scope.NeedsAutoscalers ? await AutoscalersAsync(name, cancellationToken).ConfigureAwait(false) : [];
            yield return new ScopeStarted(name, labels, autoscalers);
            foreach (var resource in namespaced)
            {
                await foreach (var page in lister.ListAsync(resource, name, scope.LabelSelector, cancellationToken).ConfigureAwait(false))
                {
                    using (page)
                    {
                        yield return new PageRead(resource, page);
                    }
                }
            }

            yield return new ScopeEnded(name);
        }
    }

    /// <summary>The namespaces to audit with their labels: the one named (which must exist), or all of them.</summary>
    private async Task<IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels)>> NamespacesAsync(string? only, CancellationToken cancellationToken)
    {
        if (only is not null)
        {
            var answer = await rest.SendAsync(HttpMethod.Get, AuditResources.Namespaces.ObjectPath(null, only), null, $"get namespace {only}", cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (answer.Status == HttpStatusCode.NotFound)
            {
                throw new ClusterApiException(HttpStatusCode.NotFound, $"namespace {only} does not exist on the API server at {rest.Host}");
            }

            using var document = JsonDocument.Parse(answer.Body);
            return [(only, LabelsOf(document.RootElement))];
        }

        var namespaces = new List<(string, IReadOnlyDictionary<string, string>)>();
        await foreach (var page in lister.ListAsync(AuditResources.Namespaces, null, null, cancellationToken).ConfigureAwait(false))
        {
            using (page)
            {
                foreach (var item in page.Items)
                {
                    if (NameOf(item) is { Length: > 0 } name)
                    {
                        namespaces.Add((name, LabelsOf(item)));
                    }
                }
            }
        }

        return namespaces;
    }

    private async Task<IReadOnlyList<Autoscaler>> AutoscalersAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var facts = new List<Autoscaler>();
        await foreach (var page in lister.ListAsync(AuditResources.Autoscalers, namespaceName, null, cancellationToken).ConfigureAwait(false))
        {
            using (page)
            {
                facts.AddRange(page.Items.Select(item => Autoscaler.FromObject(item, namespaceName)).OfType<Autoscaler>());
            }
        }

        return facts;
    }

    internal static string? NameOf(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    internal static IReadOnlyDictionary<string, string> LabelsOf(JsonElement obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("labels", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in map.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : string.Empty;
            }
        }

        return labels;
    }
}
