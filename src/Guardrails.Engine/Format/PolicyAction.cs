using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>What a violation does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyAction>))]
public enum PolicyAction
{
    /// <summary>Recorded only (admission: audit annotation; CI: listed).</summary>
    [JsonStringEnumMemberName("audit")]
    Audit,

    /// <summary>Allowed with a warning (admission: warning; CI: reported, fails only with <c>--fail-on warn</c>).</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    /// <summary>Blocked (admission: denied; CI: fails).</summary>
    [JsonStringEnumMemberName("deny")]
    Deny,
}
