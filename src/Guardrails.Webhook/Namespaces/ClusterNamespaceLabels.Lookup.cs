using System.Collections.Concurrent;
using System.Net;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Namespaces;

/// <summary>The direct GET of a namespace the cache does not have yet.</summary>
internal sealed partial class ClusterNamespaceLabels
{
    private readonly ConcurrentDictionary<string, Lazy<Task<NamespaceLabelLookup>>> _fetches = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads one namespace from the API server, waiting at most the lookup timeout. Concurrent lookups of the same
    /// namespace share one GET, so that a burst of admissions into a new namespace makes a single call.
    /// </summary>
    private NamespaceLabelLookup Fetch(string name)
    {
        var mine = new Lazy<Task<NamespaceLabelLookup>>(() => FetchAsync(name));
        var shared = _fetches.GetOrAdd(name, mine);
        var fetch = shared.Value;
        if (ReferenceEquals(shared, mine))
        {
            fetch.ContinueWith(
                (_, state) => _fetches.TryRemove((KeyValuePair<string, Lazy<Task<NamespaceLabelLookup>>>)state!),
                new KeyValuePair<string, Lazy<Task<NamespaceLabelLookup>>>(name, mine),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        // Lookup is synchronous (the engine evaluates synchronously); the wait is bounded, and FetchAsync never throws.
        return fetch.Wait(Options.LookupTimeout) ? fetch.Result : NamespaceLabelLookup.Unknown(TimedOut(name));
    }

    private async Task<NamespaceLabelLookup> FetchAsync(string name)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
            timeout.CancelAfter(Options.LookupTimeout);
            try
            {
                var found = await GetAsync(name, timeout.Token).ConfigureAwait(false);
                if (found is null)
                {
                    return Failed($"namespace {name} does not exist in the cluster");
                }

                // A watch event that got there first is at least as new as this answer.
                return NamespaceLabelLookup.Known(_namespaces.GetOrAdd(name, LabelsOf(found, name)));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return Failed(Stopping.IsCancellationRequested ? $"looking up namespace {name} failed: the namespace cache has stopped" : TimedOut(name));
            }
        }
        catch (Exception ex)
        {
            return Failed($"looking up namespace {name} failed: {ClusterApi.Describe(ex)}");
        }
    }

    /// <summary>One namespace, or null when the API server says it does not exist (404).</summary>
    private async Task<ClusterNamespace?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Api.GetAsync($"api/v1/namespaces/{Uri.EscapeDataString(name)}", ClusterJsonContext.Default.ClusterNamespace, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private NamespaceLabelLookup Failed(string reason)
    {
        ClusterNamespaceLog.LookupFailed(_logger, reason);
        return NamespaceLabelLookup.Unknown(reason);
    }

    private string TimedOut(string name) =>
        $"looking up namespace {name} failed: the API server did not answer within {Options.LookupTimeout.TotalMilliseconds:0} ms";
}
