using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>What a policy protects.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyCategory>))]
public enum PolicyCategory
{
    /// <summary>Resource use and cost.</summary>
    [JsonStringEnumMemberName("efficiency")]
    Efficiency,

    /// <summary>Availability and correct operation.</summary>
    [JsonStringEnumMemberName("reliability")]
    Reliability,

    /// <summary>Confidentiality and isolation.</summary>
    [JsonStringEnumMemberName("security")]
    Security,
}
