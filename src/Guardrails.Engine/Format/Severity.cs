using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>How bad a violation is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    /// <summary>Minor.</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary>Significant.</summary>
    [JsonStringEnumMemberName("medium")]
    Medium,

    /// <summary>Serious.</summary>
    [JsonStringEnumMemberName("high")]
    High,
}
