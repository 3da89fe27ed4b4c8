using Guardrails.Engine.Format;

namespace Guardrails.Engine.Tests.Format;

public sealed class FormatSchemaTests
{
    [Fact]
    public void Published_policy_schema_is_generated_from_the_model()
    {
        CheckGolden(
            "policy-v1.schema.json",
            FormatSchemaGenerator.Generate<PolicyDocument>("https://guardrails.dev/schemas/policy-v1.schema.json", "Guardrails policy (guardrails.dev/v1)"));
    }

    [Fact]
    public void Published_exemptions_schema_is_generated_from_the_model()
    {
        CheckGolden(
            "exemptions-v1.schema.json",
            FormatSchemaGenerator.Generate<ExemptionsDocument>("https://guardrails.dev/schemas/exemptions-v1.schema.json", "Guardrails exemptions (guardrails.dev/v1)"));
    }

    private static void CheckGolden(string name, string generated)
    {
        var path = Path.Combine(RepoPaths.Root, "docs", "schemas", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(generated, $"docs/schemas/{name} is generated; run UPDATE_GOLDEN=1 dotnet test to refresh it");
    }
}
