namespace Guardrails.Engine.Patching;

/// <summary>What one mutation step did: the field it filled in, or the written value it left alone.</summary>
/// <param name="Change">The field filled in; null when none.</param>
/// <param name="Kept">Pointer of a value the request wrote, which the step did not rewrite.</param>
internal readonly record struct MutationStep(FieldChange? Change, string? Kept);
