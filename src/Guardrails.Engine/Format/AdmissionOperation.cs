using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>An admission operation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdmissionOperation>))]
public enum AdmissionOperation
{
    /// <summary>CREATE.</summary>
    [JsonStringEnumMemberName("CREATE")]
    Create,

    /// <summary>UPDATE.</summary>
    [JsonStringEnumMemberName("UPDATE")]
    Update,

    /// <summary>DELETE.</summary>
    [JsonStringEnumMemberName("DELETE")]
    Delete,

    /// <summary>CONNECT.</summary>
    [JsonStringEnumMemberName("CONNECT")]
    Connect,
}
