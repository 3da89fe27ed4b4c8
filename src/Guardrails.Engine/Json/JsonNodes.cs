using Guardrails.Schema;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Engine.Json;

/// <summary>Builds <see cref="JsonNode"/> trees from elements and writes into them by relative JSON Pointer.</summary>
internal static class JsonNodes
{
    /// <summary>
    /// A node tree of <paramref name="element"/>, a repeated member keeping its last value as the API server's decoder
    /// does (<see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> would throw on first access).
    /// </summary>
    public static JsonNode? From(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new JsonObject();
                foreach (var member in element.EnumerateObject())
                {
                    members[member.Name] = From(member.Value);
                }

                return members;
            case JsonValueKind.Array:
                var items = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(From(item));
                }

                return items;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    /// <summary>
    /// Like <see cref="From(JsonElement)"/>, with only the members named in <paramref name="kept"/> when
    /// <paramref name="element"/> is an object: for a reader that looks at no other member, at a fraction of the cost.
    /// </summary>
    public static JsonNode? From(JsonElement element, IReadOnlySet<string> kept)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return From(element);
        }

        var members = new JsonObject();
        foreach (var member in element.EnumerateObject())
        {
            if (kept.Contains(member.Name))
            {
                members[member.Name] = From(member.Value);
            }
        }

        return members;
    }

    /// <summary>Sets the member at <paramref name="relativePointer"/> (no leading '/') below <paramref name="node"/>.</summary>
    public static void Set(JsonNode? node, string relativePointer, JsonElement value)
    {
        if (JsonPointer.TryParse("/" + relativePointer, out var tokens))
        {
            Set(node, tokens, value);
        }
    }

    /// <summary>Sets the member at <paramref name="tokens"/> below <paramref name="node"/>.</summary>
    public static void Set(JsonNode? node, IReadOnlyList<string> tokens, JsonElement value)
    {
        if (node is null || tokens.Count == 0)
        {
            return;
        }

        var current = node;
        for (var i = 0; i < tokens.Count; i++)
        {
            var last = i == tokens.Count - 1;
            var next = last ? From(value) : null;
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
