using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Engine.Json;

/// <summary>Writes into a <see cref="JsonNode"/> tree by relative JSON Pointer, creating objects on the way.</summary>
internal static class JsonNodes
{
    /// <summary>Sets the member at <paramref name="relativePointer"/> (no leading '/') below <paramref name="node"/>.</summary>
    public static void Set(JsonNode? node, string relativePointer, JsonElement value)
    {
        if (node is null || !JsonPointer.TryParse("/" + relativePointer, out var tokens) || tokens.Length == 0)
        {
            return;
        }

        var current = node;
        for (var i = 0; i < tokens.Length; i++)
        {
            var last = i == tokens.Length - 1;
            var next = last ? JsonNode.Parse(value.GetRawText()) : null;
            switch (current)
            {
                case JsonObject members:
                    if (last)
                    {
                        members[tokens[i]] = next;
                        return;
                    }

                    current = members[tokens[i]] ??= new JsonObject();
                    break;
                case JsonArray items when tokens[i] == "-":
                    items.Add(last ? next : new JsonObject());
                    current = items[^1];
                    break;
                case JsonArray items when int.TryParse(tokens[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < items.Count:
                    if (last)
                    {
                        items[index] = next;
                        return;
                    }

                    current = items[index];
                    break;
                default:
                    return;
            }
        }
    }
}
