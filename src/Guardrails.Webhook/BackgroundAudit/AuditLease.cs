using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Guardrails.Webhook.Audit;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>
/// The <c>coordination.k8s.io/v1</c> Lease that lets one replica of the webhook audit at a time: read, then created,
/// renewed or taken over with the read <c>resourceVersion</c>, so that of two replicas writing at once the API server
/// accepts one (the other gets 409 Conflict and waits). Needs get, create and update on <c>leases</c> in its namespace.
/// </summary>
internal sealed class AuditLease(ClusterRest rest, string namespaceName, string name, string identity, TimeSpan duration, TimeProvider time)
{
    private static readonly AuditResource Leases = new("coordination.k8s.io", "v1", "Lease", "leases", true);

    /// <summary>Who this replica is (<c>holderIdentity</c>).</summary>
    public string Identity => identity;

    /// <summary>Holds the lease for another <c>duration</c> if this replica may: true when it holds it afterwards.</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        var (current, version) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var claim = LeaseRecord.Claim(current, identity, duration, time.GetUtcNow());
        return claim is not null && await WriteAsync(claim, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the lease up when this replica holds it, so that another takes over at once rather than after it expires.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var (current, version) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (LeaseRecord.Release(current, identity, time.GetUtcNow()) is { } released)
        {
            await WriteAsync(released, version, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(LeaseRecord? Record, string? Version)> ReadAsync(CancellationToken cancellationToken)
    {
        var answer = await rest.SendAsync(HttpMethod.Get, Leases.ObjectPath(namespaceName, name), null, $"get lease {namespaceName}/{name}", cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (answer.Status == HttpStatusCode.NotFound)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            return Parse(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new ClusterApiException(null, $"cannot read lease {namespaceName}/{name}: {ex.Message}", ex);
        }
    }

    // False when another replica wrote the lease first (409 Conflict on update, 409 AlreadyExists on create).
    private async Task<bool> WriteAsync(LeaseRecord record, string? version, CancellationToken cancellationToken)
    {
        var body = Serialize(record, version);
        var (method, path, verb) = version is null
            ? (HttpMethod.Post, Leases.CollectionPath(namespaceName), "create")
            : (HttpMethod.Put, Leases.ObjectPath(namespaceName, name), "update");
        var answer = await rest.SendAsync(method, path, body, $"{verb} lease {namespaceName}/{name}", cancellationToken, HttpStatusCode.Conflict).ConfigureAwait(false);
        return answer.Status != HttpStatusCode.Conflict;
    }

    internal static (LeaseRecord? Record, string? Version) Parse(JsonElement lease)
    {
        var version = lease.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String ? rv.GetString() : null;
        if (!lease.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
        {
            return (new LeaseRecord(null, 0, null, null, 0), version);
        }

        return (new LeaseRecord(
            Text(spec, "holderIdentity"),
            spec.TryGetProperty("leaseDurationSeconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? seconds.GetInt32() : 0,
            Time(spec, "acquireTime"),
            Time(spec, "renewTime"),
            spec.TryGetProperty("leaseTransitions", out var transitions) && transitions.ValueKind == JsonValueKind.Number ? transitions.GetInt32() : 0), version);
    }

    internal byte[] Serialize(LeaseRecord record, string? version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "coordination.k8s.io/v1");
            writer.WriteString("kind", "Lease");
            writer.WriteStartObject("metadata");
            writer.WriteString("name", name);
            writer.WriteString("namespace", namespaceName);
            if (version is not null)
            {
                writer.WriteString("resourceVersion", version);
            }

            writer.WriteStartObject("labels");
            writer.WriteString("app.kubernetes.io/managed-by", "guardrails");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("spec");
            if (!string.IsNullOrEmpty(record.Holder))
            {
                writer.WriteString("holderIdentity", record.Holder);
            }

            writer.WriteNumber("leaseDurationSeconds", record.DurationSeconds);
            WriteTime(writer, "acquireTime", record.AcquireTime);
            WriteTime(writer, "renewTime", record.RenewTime);
            writer.WriteNumber("leaseTransitions", record.Transitions);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // A MicroTime: RFC 3339 with microseconds, in UTC.
    private static void WriteTime(Utf8JsonWriter writer, string property, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            writer.WriteString(property, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string property) =>
        Text(element, property) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;
}
