namespace Guardrails.Webhook.Admission;

/// <summary>A Kubernetes group, version and kind.</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
