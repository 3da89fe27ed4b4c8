namespace Guardrails.Engine.Exemptions;

/// <summary>How an exemption came to bear on a finding.</summary>
public enum ExemptionStatus
{
    /// <summary>The finding was exempted.</summary>
    Applied,

    /// <summary>An entry matched but its expiry date has passed: the finding stands.</summary>
    Expired,

    /// <summary>
    /// The object asked for an exemption by annotation, and it was refused (<see cref="ExemptionUse.Refusal"/> says
    /// why: no entry allows it, or its value gives no reason): the finding stands.
    /// </summary>
    NotAllowed,
}
