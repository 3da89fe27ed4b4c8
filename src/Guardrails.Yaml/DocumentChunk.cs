namespace Guardrails.Yaml;

internal readonly record struct DocumentChunk(string Text, int LineOffset, bool Explicit);
