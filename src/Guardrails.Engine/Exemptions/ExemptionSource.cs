namespace Guardrails.Engine.Exemptions;

/// <summary>Where an exemption came from.</summary>
public enum ExemptionSource
{
    /// <summary>An entry of the central exemptions file.</summary>
    File,

    /// <summary>An object annotation <c>guardrails.dev/exempt.&lt;policy&gt;[.&lt;rule&gt;]</c>, allowed by an entry.</summary>
    Annotation,
}
