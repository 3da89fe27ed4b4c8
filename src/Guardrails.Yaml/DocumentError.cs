namespace Guardrails.Yaml;

/// <summary>Why a document could not be read, and where.</summary>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Position">Where the problem was found.</param>
public sealed record DocumentError(string Message, SourcePosition Position);
