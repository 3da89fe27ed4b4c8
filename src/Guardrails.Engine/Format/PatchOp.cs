using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>
/// The operation of a mutation step. Only <c>add</c>: a mutation fills in what is absent and never rewrites or removes
/// what the user wrote (a rule that needs a written value changed says so in its message and remediation instead).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PatchOp>))]
public enum PatchOp
{
    /// <summary>Fill in a member that is absent or null; parents are created as needed.</summary>
    [JsonStringEnumMemberName("add")]
    Add,
}
