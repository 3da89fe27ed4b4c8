using Guardrails.Yaml;
using Guardrails.Engine.Patching;

namespace Guardrails.Cli.Fixing;

/// <summary>A field a fix sets in a file, or would set but cannot there.</summary>
/// <param name="File">The input's display path.</param>
/// <param name="Position">Where the field stands in the fixed file (or, when not fixed, where its object stands).</param>
/// <param name="Change">The rule and the field, as the mutating webhook announces it.</param>
/// <param name="NotFixed">Why the file does not get it; null when it does.</param>
/// <param name="ObjectPosition">Where its object stands in the file as read.</param>
internal sealed record FieldFix(string File, SourcePosition Position, AppliedChange Change, string? NotFixed, SourcePosition ObjectPosition);
