using System.Text.Json.Serialization;

namespace Guardrails.Engine.Policies;

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

/// <summary>What a rule's schema is applied to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleTarget>))]
public enum RuleTarget
{
    /// <summary>Every selected container of the pod spec, wherever the pod spec sits.</summary>
    [JsonStringEnumMemberName("container")]
    Container,

    /// <summary>The pod spec (<c>/spec</c>, <c>/spec/template/spec</c>, <c>/spec/jobTemplate/spec/template/spec</c>).</summary>
    [JsonStringEnumMemberName("pod")]
    Pod,

    /// <summary>The whole object.</summary>
    [JsonStringEnumMemberName("object")]
    Object,
}

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
