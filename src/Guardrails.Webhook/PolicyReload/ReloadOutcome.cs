namespace Guardrails.Webhook.PolicyReload;

/// <summary>How a reload of the policy files ended; the <c>result</c> attribute of <c>guardrails.policyset.reloads</c>.</summary>
internal enum ReloadOutcome
{
    /// <summary>A new set was loaded and is now current.</summary>
    Success,

    /// <summary>The files did not load; the last good set stays current.</summary>
    Failure,

    /// <summary>The files loaded into the same policies and exemptions as the current set.</summary>
    Unchanged,
}
