namespace Guardrails.Schema;

/// <summary>Where a value breaks a schema, and how.</summary>
/// <param name="Pointer">JSON Pointer of the offending value, relative to the validated value; for a missing field, where it would be.</param>
/// <param name="Message">What is wrong, in a short phrase.</param>
public sealed record SchemaFailure(string Pointer, string Message);

/// <summary>A problem found while compiling a schema.</summary>
/// <param name="Pointer">JSON Pointer of the faulty keyword, relative to the schema root.</param>
/// <param name="Message">What is wrong.</param>
public sealed record SchemaProblem(string Pointer, string Message);
