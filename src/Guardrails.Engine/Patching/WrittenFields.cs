using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Schema;

namespace Guardrails.Engine.Patching;

/// <summary>
/// Tells a field the request wrote from one the API server filled in with its default before admission (it
/// defaults <c>spec.replicas</c> to 1, for example), so that a mutation fills in what the user left out and never
/// rewrites what the user wrote. Only a CREATE can show it, and only two ways: a server-side apply, whose
/// <c>managedFields</c> list exactly the fields applied, or a <c>kubectl apply</c>, whose last-applied
/// configuration is the manifest itself. Anything else present counts as written.
/// </summary>
internal sealed class WrittenFields
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    private readonly JsonElement _root;
    private readonly bool _knowable;
    private Source? _source;

    public WrittenFields(JsonElement root, AdmissionOperation operation)
    {
        _root = root;
        _knowable = operation == AdmissionOperation.Create;
    }

    /// <summary>
    /// True when a CREATE carries nothing that tells written fields from defaulted ones (it is not an apply), so a
    /// present field counts as written only because it cannot be shown otherwise.
    /// </summary>
    public bool Unprovable
    {
        get
        {
            if (!_knowable)
            {
                return false;
            }

            _source ??= Source.Of(_root);
            return _source.Kind == SourceKind.Unknown;
        }
    }

    /// <summary>True unless the request shows that the present member at <paramref name="tokens"/> was not written.</summary>
    public bool IsWritten(string[] tokens)
    {
        if (!_knowable)
        {
            return true;
        }

        _source ??= Source.Of(_root);
        return _source.Kind switch
        {
            SourceKind.Applied => AppliedFieldsHold(_source.Fields, tokens),
            SourceKind.LastApplied => JsonPointer.TryResolve(_source.Fields, tokens, out var value) && value.ValueKind != JsonValueKind.Null,
            _ => true,
        };
    }

    // managedFields' FieldsV1: {"f:spec": {"f:replicas": {}}}; list items by merge key: {"k:{\"name\":\"app\"}": {...}}.
    private bool AppliedFieldsHold(JsonElement fields, string[] tokens)
    {
        var value = _root;
        var set = fields;
        foreach (var token in tokens)
        {
            string key;
            if (value.ValueKind == JsonValueKind.Array && int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength())
            {
                value = value[index];
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    return true;
                }

                key = "k:{\"name\":" + JsonSerializer.Serialize(name.GetString(), PolicyJsonContext.Default.String) + "}";
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(token, out var child))
            {
                value = child;
                key = "f:" + token;
            }
            else
            {
                return true;
            }

            if (set.ValueKind != JsonValueKind.Object || !set.TryGetProperty(key, out set))
            {
                return false;
            }
        }

        return true;
    }

    private enum SourceKind
    {
        Unknown,
        Applied,
        LastApplied,
    }

    private sealed record Source(SourceKind Kind, JsonElement Fields)
    {
        public static Source Of(JsonElement root)
        {
            if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
            {
                return new Source(SourceKind.Unknown, default);
            }

            if (AppliedOnly(metadata) is { } applied)
            {
                return new Source(SourceKind.Applied, applied);
            }

            if (metadata.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
                && annotations.TryGetProperty(LastApplied, out var text) && text.ValueKind == JsonValueKind.String
                && Parse(text.GetString()!) is { ValueKind: JsonValueKind.Object } manifest)
            {
                return new Source(SourceKind.LastApplied, manifest);
            }

            return new Source(SourceKind.Unknown, default);
        }

        // One server-side-apply manager and nothing else: its fields are what the request wrote.
        private static JsonElement? AppliedOnly(JsonElement metadata)
        {
            if (!metadata.TryGetProperty("managedFields", out var managers) || managers.ValueKind != JsonValueKind.Array || managers.GetArrayLength() != 1)
            {
                return null;
            }

            var manager = managers[0];
            return manager.ValueKind == JsonValueKind.Object
                && manager.TryGetProperty("operation", out var operation) && operation.ValueKind == JsonValueKind.String && operation.ValueEquals("Apply")
                && manager.TryGetProperty("fieldsV1", out var fields) && fields.ValueKind == JsonValueKind.Object
                ? fields
                : null;
        }

        private static JsonElement? Parse(string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
