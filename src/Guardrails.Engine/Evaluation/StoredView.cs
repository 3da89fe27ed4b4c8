using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// An object as the API server stores it, as far as null values go: the API server drops a <c>null</c> field while it
/// decodes (<c>securityContext:</c>, <c>resources: {requests: , limits: }</c> and <c>spec: null</c> are absent), except
/// in a map, where a <c>null</c> entry becomes the value type's zero: <c>"0"</c> in a resource list
/// (<c>limits: {cpu: }</c>) and <c>""</c> in labels, annotations and a node selector. Every host judges this view, so
/// <c>guardrails check</c> on a manifest and the webhook on the stored object agree, and patches built on it apply to
/// both (an <c>add</c> on a member that is <c>null</c> in the manifest replaces it).
/// </summary>
internal static class StoredView
{
    private enum MapOf
    {
        None,
        Quantities,
        Strings,
    }

    /// <summary>The object without its null fields; the object itself (no copy) when it holds no <c>null</c>.</summary>
    public static JsonElement Of(JsonElement root)
    {
        // Most objects hold no null but the creationTimestamp the API server writes into every object it sends; the
        // scan of the raw text is vectorised and allocates nothing.
        if (!HoldsNullOtherThanCreationTimestamp(JsonMarshal.GetRawUtf8Value(root)))
        {
            return root;
        }

        var buffer = new ArrayBufferWriter<byte>(JsonMarshal.GetRawUtf8Value(root).Length);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                WriteObject(root, writer, MapOf.None, ownName: null);
            }
        }
        catch (InvalidOperationException)
        {
            // A member name that .NET cannot hold as text (a lone surrogate escape): judged as it is.
            return root;
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = 1024 });
        return JsonElement.ParseValue(ref reader);
    }

    // "creationTimestamp":null is how the API server writes an unset metav1.Time (it has no omitempty), in the object's
    // metadata and in every pod template's; no rule judges it, so it alone does not cost a rebuild of the object.
    private static bool HoldsNullOtherThanCreationTimestamp(ReadOnlySpan<byte> json)
    {
        var searched = 0;
        while (json[searched..].IndexOf("null"u8) is var found and >= 0)
        {
            var at = searched + found;
            if (!json[..at].EndsWith("\"creationTimestamp\":"u8))
            {
                return true;
            }

            searched = at + 4;
        }

        return false;
    }

    private static void Write(JsonElement value, Utf8JsonWriter writer, string? name, string? parent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, writer, MapKind(name, parent), name);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(item, writer, null, name);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(JsonElement value, Utf8JsonWriter writer, MapOf map, string? ownName)
    {
        writer.WriteStartObject();
        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                switch (map)
                {
                    case MapOf.Quantities:
                        writer.WriteString(member.Name, "0");
                        break;
                    case MapOf.Strings:
                        writer.WriteString(member.Name, string.Empty);
                        break;
                }

                continue;
            }

            if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                writer.WritePropertyName(member.Name);
                Write(member.Value, writer, member.Name, ownName);
            }
            else
            {
                member.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    // The maps whose null entries the API server keeps as zero values, told by their field name and its parent's.
    private static MapOf MapKind(string? name, string? parent) => (name, parent) switch
    {
        ("limits" or "requests", "resources") => MapOf.Quantities,
        ("overhead", "spec") => MapOf.Quantities,
        ("labels" or "annotations", "metadata") => MapOf.Strings,
        ("nodeSelector", "spec") => MapOf.Strings,
        _ => MapOf.None,
    };
}
