using System.Net;
using System.Text.Json;
using Guardrails.Engine.Policies;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Writes an audit's results as policy reports, scope by scope: when a namespace has been judged its
/// <c>PolicyReport</c> <c>guardrails-audit</c> is created, or replaced whole (never appended to); a namespace with nothing
/// to judge has its report deleted. The cluster-scoped objects go to the <c>ClusterPolicyReport</c> of that name.
/// Needs get, create, update and delete on <c>policyreports</c> and <c>clusterpolicyreports</c> (<c>wgpolicyk8s.io</c>).
/// </summary>
internal sealed class PolicyReportPublisher(ClusterRest rest, PolicySet policies, TimeProvider time)
{
    private static readonly AuditResource Reports = new("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", true);
    private static readonly AuditResource ClusterReports = new("wgpolicyk8s.io", "v1alpha2", "ClusterPolicyReport", "clusterpolicyreports", false);
    private PolicyReportBuilder? _current;

    /// <summary>Reports created or replaced so far.</summary>
    public int Written { get; private set; }

    /// <summary>Reports deleted so far (scopes with nothing left to report).</summary>
    public int Deleted { get; private set; }

    /// <summary>A scope begins: <paramref name="namespaceName"/>, or the cluster-scoped objects when null.</summary>
    public void Begin(string? namespaceName) => _current = new PolicyReportBuilder(policies, time.GetUtcNow());

    public void Add(AuditedObject item) => _current?.Add(item);

    /// <summary>Writes the report of the scope that ends.</summary>
    public async Task PublishAsync(string? namespaceName, CancellationToken cancellationToken)
    {
        var builder = _current ?? new PolicyReportBuilder(policies, time.GetUtcNow());
        _current = null;
        var resource = namespaceName is null ? ClusterReports : Reports;
        var path = resource.ObjectPath(namespaceName, PolicyReportBuilder.ReportName);
        var where = namespaceName is null ? "" : $" in namespace {namespaceName}";
        if (builder.Objects == 0)
        {
            var deleted = await rest.SendAsync(HttpMethod.Delete, path, null, $"delete {resource.Resource} {PolicyReportBuilder.ReportName}{where}", cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            Deleted += deleted.Status == HttpStatusCode.NotFound ? 0 : 1;
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await rest.SendAsync(HttpMethod.Get, path, null, $"get {resource.Resource} {PolicyReportBuilder.ReportName}{where}", cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            var version = existing.Status == HttpStatusCode.NotFound ? null : ResourceVersionOf(existing.Body);
            var body = builder.Build(namespaceName, version);
            var (method, target, verb) = version is null ? (HttpMethod.Post, resource.CollectionPath(namespaceName), "create") : (HttpMethod.Put, path, "update");
            var answer = await rest.SendAsync(method, target, body, $"{verb} {resource.Resource} {PolicyReportBuilder.ReportName}{where}", cancellationToken, HttpStatusCode.Conflict, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (answer.Status == HttpStatusCode.NotFound)
            {
                throw new ClusterApiException(HttpStatusCode.NotFound, $"cannot {verb} {resource.Resource}{where}: the API server at {rest.Host} does not serve wgpolicyk8s.io/v1alpha2 (install the PolicyReport CRDs: the chart's crds/ folder)");
            }

            if (answer.Status != HttpStatusCode.Conflict)
            {
                Written++;
                return;
            }

            if (attempt == 3)
            {
                throw new ClusterApiException(HttpStatusCode.Conflict, $"cannot {verb} {resource.Resource} {PolicyReportBuilder.ReportName}{where}: it kept changing while it was written (3 attempts)");
            }
        }
    }

    private static string? ResourceVersionOf(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String
            ? version.GetString()
            : null;
    }
}
