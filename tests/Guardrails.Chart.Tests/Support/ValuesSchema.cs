using NJsonSchema;

namespace Guardrails.Chart.Tests.Support;

/// <summary>The chart's values.schema.json, applied to values the way Helm applies it before rendering.</summary>
internal static class ValuesSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(RepoPaths.Chart, "values.schema.json"))).GetAwaiter().GetResult());

    /// <summary>Every schema violation of <paramref name="values"/>, as "path: kind"; empty when they are valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, object?> values) =>
        [.. Flatten(Schema.Value.Validate(JsonTree.ToJson(values)))];

    private static IEnumerable<string> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return $"{error.Path}: {error.Kind}";
            if (error is NJsonSchema.Validation.ChildSchemaValidationError child)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }
            }
        }
    }
}
