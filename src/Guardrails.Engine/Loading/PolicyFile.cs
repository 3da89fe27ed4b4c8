namespace Guardrails.Engine.Loading;

/// <summary>A named text to load (a file's path and content, or an embedded resource).</summary>
/// <param name="Name">Where it came from, used in problems.</param>
/// <param name="Text">Its content.</param>
public sealed record PolicyFile(string Name, string Text);
