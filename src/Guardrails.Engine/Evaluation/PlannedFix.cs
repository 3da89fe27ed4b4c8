using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Evaluation;

/// <summary>The fix of one violation: its patch and the fields it fills in, or why there is none.</summary>
/// <param name="Patch">RFC 6902 operations against the whole object.</param>
/// <param name="Changes">The fields filled in.</param>
/// <param name="Withheld">Why the rule's mutation does not fix this violation, when it does not.</param>
internal readonly record struct PlannedFix(IReadOnlyList<PatchOperation> Patch, IReadOnlyList<FieldChange> Changes, string? Withheld);
