namespace Guardrails.Webhook.Admission;

/// <summary>A Kubernetes group, version and resource (plural, lower case).</summary>
internal readonly record struct GroupVersionResource(string Group, string Version, string Resource);
