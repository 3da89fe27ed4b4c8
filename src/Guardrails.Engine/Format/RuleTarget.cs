using System.Text.Json.Serialization;

namespace Guardrails.Engine.Format;

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
