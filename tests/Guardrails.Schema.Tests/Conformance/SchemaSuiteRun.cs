using Guardrails.Schema.Compilation;
using Json.Schema;

namespace Guardrails.Schema.Tests.Conformance;

/// <summary>Runs the suite's cases through a validator and lists where it does not do what the suite says.</summary>
internal static class SchemaSuiteRun
{
    /// <summary>The validator would not take the schema (Guardrails: a keyword or reference outside the policy format).</summary>
    public const string SchemaRefused = "schema-refused";

    /// <summary>The validator's verdict on a value is the opposite of the suite's.</summary>
    public const string Wrong = "wrong";

    public const string Throws = "throws";

    public static IEnumerable<SchemaSuiteResult> Guardrails(SchemaSuiteCase suiteCase)
    {
        var (schema, problems) = SchemaCompiler.Compile(suiteCase.Schema);
        if (schema is null)
        {
            yield return new SchemaSuiteResult(suiteCase, null, SchemaRefused, $"{problems[0].Pointer}: {problems[0].Message}");
            yield break;
        }

        foreach (var test in suiteCase.Tests)
        {
            bool? valid;
            try
            {
                valid = schema.Validate(test.Data, new ValidationContext());
            }
            catch (SchemaEvaluationException)
            {
                valid = null;
            }

            if (valid != test.Valid)
            {
                yield return new SchemaSuiteResult(suiteCase, test, valid is null ? Throws : Wrong, string.Empty);
            }
        }
    }

    public static IEnumerable<SchemaSuiteResult> JsonSchemaNet(SchemaSuiteCase suiteCase)
    {
        JsonSchema schema;
        try
        {
            // A registry per case: the suite reuses $id values across cases. 2020-12 for the schemas without $schema.
            schema = JsonSchema.Build(suiteCase.Schema, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 }, new Uri($"https://suite.invalid/{suiteCase.File}/{suiteCase.Index}"));
        }
#pragma warning disable CA1031 // Any exception is an outcome to report.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return [new SchemaSuiteResult(suiteCase, null, SchemaRefused, exception.Message)];
        }

        // format asserts only in the optional format files, as the suite says; elsewhere it is an annotation.
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = suiteCase.File.StartsWith("optional/format/", StringComparison.Ordinal) };
        var results = new List<SchemaSuiteResult>();
        foreach (var test in suiteCase.Tests)
        {
            bool? valid;
            try
            {
                valid = schema.Evaluate(test.Data, options).IsValid;
            }
#pragma warning disable CA1031 // Any exception is an outcome to report.
            catch (Exception)
#pragma warning restore CA1031
            {
                valid = null;
            }

            if (valid != test.Valid)
            {
                results.Add(new SchemaSuiteResult(suiteCase, test, valid is null ? Throws : Wrong, string.Empty));
            }
        }

        return results;
    }
}

/// <summary>A case (refused schema) or a test (wrong verdict) where a validator does not do what the suite says.</summary>
internal sealed record SchemaSuiteResult(SchemaSuiteCase Case, SchemaSuiteTest? Test, string Outcome, string Detail)
{
    public string Key(string validator) => $"{validator}\t{Case.File}\t{Case.Index}\t{(Test is null ? "*" : Test.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))}\t{Outcome}";

    public string Describe => Test is null ? $"{Case.Description}: {Detail}" : $"{Case.Description} / {Test.Description} (suite: {(Test.Valid ? "valid" : "invalid")})";
}
