using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>A field a fix sets inside a container: its tokens below the container, and its value.</summary>
/// <param name="Tokens">The field's tokens below the container (<c>resources</c>, <c>limits</c>, <c>cpu</c>).</param>
/// <param name="Value">The value set.</param>
internal readonly record struct ContainerWrite(string[] Tokens, JsonElement Value);
