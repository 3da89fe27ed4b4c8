using System.Text.Json;
using Guardrails.Schema.Compilation;

namespace Guardrails.Schema.Tests;

/// <summary>Compiles schemas and validates instances written as JSON text.</summary>
internal static class SchemaTestSupport
{
    public static JsonElement Parse(string text) => JsonSerializer.Deserialize<JsonElement>(text);

    /// <summary>Compiles a schema that must have no problems.</summary>
    public static CompiledSchema Compile(string schema)
    {
        var (compiled, problems) = SchemaCompiler.Compile(Parse(schema));
        problems.Should().BeEmpty("the schema {0} is valid", schema);
        compiled.Should().NotBeNull();
        return compiled!;
    }

    /// <summary>Compiles a schema that must be rejected; returns its problems.</summary>
    public static IReadOnlyList<SchemaProblem> Problems(string schema)
    {
        var (compiled, problems) = SchemaCompiler.Compile(Parse(schema));
        compiled.Should().BeNull("a schema with problems must not compile: {0}", schema);
        problems.Should().NotBeEmpty("the schema {0} is invalid", schema);
        return problems;
    }

    /// <summary>Validates collecting every failure; the verdict must agree with the failure list.</summary>
    public static IReadOnlyList<SchemaFailure> Failures(string schema, string instance) => Failures(Compile(schema), instance);

    public static IReadOnlyList<SchemaFailure> Failures(CompiledSchema schema, string instance)
    {
        var context = new ValidationContext(collectAll: true);
        var valid = schema.Validate(Parse(instance), context);
        if (valid)
        {
            context.Failures.Should().BeEmpty("a passing value records no failure");
        }
        else
        {
            context.Failures.Should().NotBeEmpty("a failing value says why");
        }

        return context.Failures;
    }

    public static bool IsValid(string schema, string instance) => Compile(schema).Validate(Parse(instance), new ValidationContext());

    public static void ShouldPass(string schema, string instance) =>
        Failures(schema, instance).Should().BeEmpty("{0} satisfies {1}", instance, schema);

    /// <summary>Asserts exactly one failure, at <paramref name="pointer"/>; returns it.</summary>
    public static SchemaFailure ShouldFailAt(string schema, string instance, string pointer)
    {
        var failures = Failures(schema, instance);
        failures.Should().ContainSingle("{0} breaks {1} once", instance, schema)
            .Which.Pointer.Should().Be(pointer);
        return failures[0];
    }
}
