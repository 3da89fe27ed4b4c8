using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Engine.Loading;

/// <summary>
/// Checks policy and exemption documents against the published JSON Schemas of their formats
/// (generated from the C# model), so editors and the loader agree on what is valid.
/// </summary>
internal static class DocumentValidator
{
    private static readonly Lazy<CompiledSchema> PolicySchema = new(() => LoadSchema("policy-v1.schema.json"));
    private static readonly Lazy<CompiledSchema> ExemptionsSchema = new(() => LoadSchema("exemptions-v1.schema.json"));

    public static void ValidatePolicy(SourceDocument document, string file, List<LoadProblem> problems) =>
        _ = Validate(PolicySchema.Value, document, file, problems);

    public static void ValidateExemptions(SourceDocument document, string file, List<LoadProblem> problems, out IReadOnlyList<string> failedPointers) =>
        failedPointers = Validate(ExemptionsSchema.Value, document, file, problems);

    private static List<string> Validate(CompiledSchema schema, SourceDocument document, string file, List<LoadProblem> problems)
    {
        var context = new ValidationContext(collectAll: true);
        schema.Validate(document.Root!.Value, context);
        foreach (var failure in context.Failures)
        {
            problems.Add(Problems.At(file, document, failure.Pointer, $"{Describe(failure.Pointer)}: {failure.Message}"));
        }

        return context.Failures.Select(f => f.Pointer).ToList();
    }

    private static string Describe(string pointer) => pointer.Length == 0 ? "document" : pointer.TrimStart('/').Replace('/', '.');

    private static CompiledSchema LoadSchema(string name)
    {
        using var stream = typeof(DocumentValidator).Assembly.GetManifestResourceStream("Guardrails.Engine." + name)
            ?? throw new InvalidOperationException($"embedded schema {name} is missing from the build");
        using var document = JsonDocument.Parse(stream);
        var (schema, problems) = SchemaCompiler.Compile(document.RootElement.Clone(), PrecompiledPatterns.Instance);
        return schema ?? throw new InvalidOperationException($"embedded schema {name} does not compile: {string.Join("; ", problems)}");
    }
}
