using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Audits what already runs in a cluster with the webhook's engine, policies and exemptions: every object the policies
/// match, each judged as a CREATE in its namespace with that namespace's real labels and autoscalers, an object controlled by
/// a judged owner reported once at the owner. Reads a page at a time and holds counts only, so memory does not grow with
/// the cluster. The entry point of <c>guardrails audit</c>; the webhook's background audit runs the same pass.
/// </summary>
public sealed class ClusterAudit : IDisposable
{
    private readonly ClusterApi _api;

    private ClusterAudit(ClusterApi api) => _api = api;

    /// <summary>The API server's address.</summary>
    public string Cluster => _api.Host;

    /// <summary>
    /// Connects as <c>guardrails serve</c> does: <paramref name="kubeconfig"/>, else the in-cluster configuration,
    /// <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
    /// </summary>
    /// <param name="kubeconfig">A kubeconfig file, or null.</param>
    /// <param name="callTimeout">The longest one call may take (<see cref="ClusterAuditOptions.Timeout"/>).</param>
    /// <exception cref="ClusterAuditException">No usable configuration: the message names the file and the problem.</exception>
    public static ClusterAudit Connect(string? kubeconfig, TimeSpan callTimeout)
    {
        try
        {
            var configuration = ClusterConnection.Load(kubeconfig);

            // The client's own limit stays above the audit's, so that the audit's message (which names the call) is the one seen.
            configuration.HttpClientTimeout = callTimeout + TimeSpan.FromSeconds(5);
            return new ClusterAudit(new ClusterApi(configuration));
        }
        catch (k8s.Exceptions.KubeConfigException ex)
        {
            throw new ClusterAuditException($"no cluster: {ex.Message}", ex);
        }
    }

    /// <summary>The kinds <paramref name="policies"/> name that the audit cannot list (custom resources): reported as not audited, never passed.</summary>
    /// <param name="policies">The policy set.</param>
    /// <returns>The kinds, in order.</returns>
    public static IReadOnlyList<string> NotAudited(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return AuditResources.For(policies).Unknown;
    }

    /// <summary>Audits the cluster once.</summary>
    /// <param name="engine">The engine that judges (its policies choose the kinds read).</param>
    /// <param name="options">What to read and whether to write the policy reports; must be valid (<see cref="ClusterAuditOptions.Validate"/>).</param>
    /// <param name="judged">Receives the verdicts of each page, in the API server's order, from one thread.</param>
    /// <param name="cancellationToken">Stops the audit.</param>
    /// <returns>The compliance figures.</returns>
    /// <exception cref="ClusterAuditException">The cluster could not be read or a report not written: the message is one line naming the call.</exception>
    public async Task<AuditSummary> RunAsync(PolicyEngine engine, ClusterAuditOptions options, Action<IReadOnlyList<AuditedObject>> judged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(judged);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        using var limiter = ApiCallRate.Limiter(options.RequestsPerSecond);
        var pass = new AuditPass(new ClusterRest(_api, options.Timeout, limiter), engine, options, TimeProvider.System);
        try
        {
            return await pass.RunAsync(judged, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterApiException ex)
        {
            throw new ClusterAuditException(ex.Message, ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _api.Dispose();
}
