namespace Guardrails.Engine.Exemptions;

/// <summary>What an exemption is matched against.</summary>
internal readonly record struct ExemptionSubject(string Kind, string Namespace, string Name, string? Container, string? Image);
