namespace Guardrails.Schema;

/// <summary>Raised when a value cannot be judged (a regular expression ran past its time limit); never means "valid".</summary>
public sealed class SchemaEvaluationException(string message) : Exception(message);
