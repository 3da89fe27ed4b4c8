using System.Text.Json;

namespace Guardrails.Engine.Matching;

/// <summary>An object's <c>metadata.labels</c>, read only if an object selector asks for them.</summary>
internal sealed class ObjectLabels(JsonElement metadata)
{
    private Dictionary<string, string>? _labels;

    public IReadOnlyDictionary<string, string> Value => _labels ??= Read(metadata);

    private static Dictionary<string, string> Read(JsonElement metadata)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("labels", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in element.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String)
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }
        }

        return labels;
    }
}
