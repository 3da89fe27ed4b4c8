using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

/// <summary>Which containers of a pod spec a container rule checks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContainerType>))]
public enum ContainerType
{
    /// <summary><c>containers</c>.</summary>
    [JsonStringEnumMemberName("containers")]
    Containers,

    /// <summary>Every entry of <c>initContainers</c>.</summary>
    [JsonStringEnumMemberName("initContainers")]
    InitContainers,

    /// <summary>Entries of <c>initContainers</c> with <c>restartPolicy: Always</c> (native sidecars, long-running).</summary>
    [JsonStringEnumMemberName("sidecarContainers")]
    SidecarContainers,

    /// <summary><c>ephemeralContainers</c> (added by <c>kubectl debug</c>).</summary>
    [JsonStringEnumMemberName("ephemeralContainers")]
    EphemeralContainers,
}
