using System.Text.Json.Nodes;
using NJsonSchema;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>The JSON report keeps to its published schema, <c>docs/schemas/check-report-v1.schema.json</c>.</summary>
public sealed class JsonReportSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "docs", "schemas", "check-report-v1.schema.json");
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath)));

    [Theory]
    [InlineData("examples", "\"status\": \"applied\"")]
    [InlineData("tests/Guardrails.Cli.Tests/Fixtures/check/mixed", "\"sourcePointer\": \"/items/0\"")]
    public async Task Real_reports_validate(string path, string marker)
    {
        var (_, output, _) = GuardrailsProcess.Run(RepoPaths.Root, "check", path, "--format", "json",
            "--exemptions", "tests/Guardrails.Cli.Tests/Fixtures/check/exemptions.yaml", "--strict-namespaces");

        output.Should().Contain(marker).And.Contain("\"assumptions\": [\n            \"", "the report exercises optional parts of the schema");
        (await Schema.Value).Validate(output).Should().BeEmpty();
    }

    [Theory]
    [InlineData("remove", "/objects/0/violations/0/pointer", "PropertyRequired")]
    [InlineData("set", "/objects/0/violations/0/line", "IntegerExpected")]
    [InlineData("set", "/objects/0/decision", "NotInEnumeration")]
    [InlineData("add", "/objects/0/surprise", "NoAdditionalPropertiesAllowed")]
    [InlineData("set", "/policySet/revision", "PatternMismatch")]
    public async Task A_report_that_drifts_from_the_schema_fails(string change, string pointer, string expectedError)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(Golden.Check.Directory, "examples.json")).Replace("@REVISION@", "0123456789ab", StringComparison.Ordinal))!;
        (await Schema.Value).Validate(report.ToJsonString()).Should().BeEmpty("the golden report is valid before the change");
        var parent = (JsonObject)Resolve(report, pointer[..pointer.LastIndexOf('/')]);
        var name = pointer[(pointer.LastIndexOf('/') + 1)..];
        switch (change)
        {
            case "remove":
                parent.Remove(name);
                break;
            default:
                parent[name] = "not-valid";
                break;
        }

        var errors = (await Schema.Value).Validate(report.ToJsonString());

        Flatten(errors).Select(e => e.Kind.ToString()).Should().Contain(expectedError);
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? new[] { e }.Concat(Flatten(child.Errors.Values.SelectMany(v => v)))
            : [e]);

    private static JsonNode Resolve(JsonNode node, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(node, (current, token) =>
            int.TryParse(token, out var index) && current is JsonArray array ? array[index]! : current[token]!);
}
