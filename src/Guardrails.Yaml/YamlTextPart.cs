namespace Guardrails.Yaml;

/// <summary>
/// A part of a YAML stream that starts at a document boundary, so that it can be read on its own (on another thread)
/// and give the same documents, with the same positions, as within the whole stream.
/// </summary>
/// <param name="Text">The part's text.</param>
/// <param name="LineOffset">Lines of the stream before the part.</param>
public sealed record YamlTextPart(string Text, int LineOffset);
