using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>One mutation for one target with its value rendered: what a <see cref="PatchBuilder"/> adds.</summary>
/// <param name="Tokens">The tokens of the field's pointer in the whole object.</param>
/// <param name="Value">The value the mutation sets.</param>
/// <param name="Mutation">The mutation it comes from.</param>
internal sealed record ResolvedStep(string[] Tokens, JsonElement Value, Mutation Mutation);
