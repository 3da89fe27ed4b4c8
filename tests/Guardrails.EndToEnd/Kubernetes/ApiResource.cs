namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>A resource of the API server's discovery: its plural name, kind and scope.</summary>
internal sealed record ApiResource(string Name, string Kind, bool Namespaced);
