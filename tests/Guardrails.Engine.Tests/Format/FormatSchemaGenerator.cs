using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Engine.Format;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.Generation.TypeMappers;

namespace Guardrails.Engine.Tests.Format;

/// <summary>Generates the published JSON Schemas of the policy and exemptions formats from the C# model with NJsonSchema.</summary>
internal static class FormatSchemaGenerator
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Generate<T>(string id, string title)
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            },
            SchemaType = SchemaType.JsonSchema,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
            GenerateEnumMappingDescription = false,
            FlattenInheritanceHierarchy = true,
        };

        // Rule schemas are free-form JSON Schema documents; they are checked by the schema compiler, not here.
        settings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(JsonElement), schema =>
        {
            schema.Type = JsonObjectType.Object | JsonObjectType.Boolean;
            schema.Description = "A JSON Schema (see docs/policy-authoring.md for the supported keywords).";
        }));
        var schema = JsonSchema.FromType<T>(settings);
        if (schema.Definitions.TryGetValue(nameof(MutationSpec), out var mutation))
        {
            // A mutation writes any JSON value, not a schema.
            var value = mutation.Properties["value"];
            value.Type = JsonObjectType.None;
            value.Description = "The value for add and replace: any JSON value; a string \"{{path ?? default}}\" copies a value of the target.";
        }

        // NJsonSchema wraps every reference in a one-branch oneOf; as allOf it means the same, and the
        // loader's errors then name the offending field inside instead of "matches none of the shapes".
        foreach (var wrapped in Descendants(schema).Where(s => s.OneOf.Count == 1 && s.AllOf.Count == 0))
        {
            wrapped.AllOf.Add(wrapped.OneOf.Single());
            wrapped.OneOf.Clear();
        }

        schema.Id = id;
        schema.Title = title;
        var json = schema.ToJson();
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, Indented) + "\n";
    }

    private static IEnumerable<JsonSchema> Descendants(JsonSchema root)
    {
        var seen = new HashSet<JsonSchema>();
        var pending = new Stack<JsonSchema>([root]);
        while (pending.TryPop(out var schema))
        {
            if (!seen.Add(schema))
            {
                continue;
            }

            yield return schema;
            foreach (var child in schema.Properties.Values.Cast<JsonSchema>()
                .Concat(schema.Definitions.Values)
                .Concat(schema.OneOf).Concat(schema.AllOf).Concat(schema.AnyOf)
                .Concat(schema.Item is null ? [] : [schema.Item])
                .Concat(schema.AdditionalPropertiesSchema is null ? [] : [schema.AdditionalPropertiesSchema]))
            {
                pending.Push(child);
            }
        }
    }
}
