using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Reads the objects of a kind a page at a time (<c>limit</c> and <c>continue</c>), as JSON: only one page is held, and its
/// items are given the <c>apiVersion</c> and <c>kind</c> that the API server leaves out of a list's items.
/// </summary>
internal sealed class ClusterObjectLister(ClusterRest rest, int pageSize)
{
    /// <summary>The pages of <paramref name="resource"/> in <paramref name="namespaceName"/> (every namespace when null), one at a time.</summary>
    public async IAsyncEnumerable<ClusterObjectPage> ListAsync(
        AuditResource resource,
        string? namespaceName,
        string? labelSelector,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continueToken = null;
        do
        {
            var page = await PageAsync(resource, namespaceName, labelSelector, continueToken, cancellationToken).ConfigureAwait(false);
            continueToken = page.Continue;
            yield return page;
        }
        while (continueToken is not null);
    }

    private async Task<ClusterObjectPage> PageAsync(AuditResource resource, string? namespaceName, string? labelSelector, string? continueToken, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"{resource.CollectionPath(namespaceName)}?limit={pageSize}");
        if (continueToken is not null)
        {
            query += "&continue=" + Uri.EscapeDataString(continueToken);
        }

        if (!string.IsNullOrEmpty(labelSelector))
        {
            query += "&labelSelector=" + Uri.EscapeDataString(labelSelector);
        }

        var where = !resource.Namespaced ? "" : namespaceName is null ? " in all namespaces" : $" in namespace {namespaceName}";
        var answer = await rest.SendAsync(HttpMethod.Get, query, null, $"list {resource.Resource}{where}", cancellationToken).ConfigureAwait(false);
        try
        {
            return Read(answer.Body, resource);
        }
        catch (JsonException ex)
        {
            throw new ClusterApiException(null, $"cannot list {resource.Resource}{where}: the API server's answer could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>The items of a list's body, each with its <c>apiVersion</c> and <c>kind</c> first.</summary>
    internal static ClusterObjectPage Read(byte[] body, AuditResource resource)
    {
        using var list = JsonDocument.Parse(body);
        var root = list.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the answer is not a JSON object");
        }

        string? continueToken = null;
        if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("continue", out var next) && next.ValueKind == JsonValueKind.String && next.GetString() is { Length: > 0 } token)
        {
            continueToken = token;
        }

        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return new ClusterObjectPage(null, [], continueToken);
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + (items.GetArrayLength() * 64));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("apiVersion", resource.ApiVersion);
                writer.WriteString("kind", resource.Kind);
                foreach (var property in item.EnumerateObject())
                {
                    if (property.NameEquals("apiVersion") || property.NameEquals("kind"))
                    {
                        continue;
                    }

                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new ClusterObjectPage(document, [.. document.RootElement.EnumerateArray()], continueToken);
    }
}
