using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Guardrails.Webhook.Cluster;

/// <summary>One line of a watch: its type and the object, or the <c>Status</c> of an <c>ERROR</c> event.</summary>
/// <typeparam name="T">The watched kind.</typeparam>
internal readonly record struct ClusterWatchEvent<T>(string Type, T? Object, ClusterStatus? Status)
    where T : class
{
    /// <summary>Reads one newline-delimited event, its object as <paramref name="objectType"/>; anything else is a <see cref="ClusterApiException"/>.</summary>
    public static ClusterWatchEvent<T> Parse(string line, JsonTypeInfo<T> objectType)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var item) || item.ValueKind != JsonValueKind.Object)
            {
                throw new ClusterApiException($"the watch sent an event without a type or an object: {Shorten(line)}");
            }

            var kind = type.GetString()!;
            return kind == ClusterWatchEvents.Error
                ? new ClusterWatchEvent<T>(kind, null, item.Deserialize(ClusterJsonContext.Default.ClusterStatus))
                : new ClusterWatchEvent<T>(kind, item.Deserialize(objectType), null);
        }
        catch (JsonException ex)
        {
            throw new ClusterApiException($"the watch sent an event that could not be read ({ex.Message}): {Shorten(line)}", ex);
        }
    }

    private static string Shorten(string line) => line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "...");
}
