using System.Globalization;

namespace Guardrails.Engine.Patching;

/// <summary>A field one rule's mutation fills in, as the mutating webhook's combined patch applies it.</summary>
/// <param name="PolicyId">The policy.</param>
/// <param name="RuleId">The rule whose mutation it is.</param>
/// <param name="Change">The field and its value.</param>
public sealed record AppliedChange(string PolicyId, string RuleId, FieldChange Change)
{
    /// <summary><c>/spec/replicas=2</c>: the change in a form for machines (audit annotations).</summary>
    public string Compact() => string.Create(CultureInfo.InvariantCulture, $"{Change.Pointer}={Change.Value.GetRawText()}");
}
