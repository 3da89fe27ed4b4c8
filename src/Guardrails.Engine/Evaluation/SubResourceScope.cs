namespace Guardrails.Engine.Evaluation;

/// <summary>What a request's subresource lets the engine judge.</summary>
internal enum SubResourceScope
{
    /// <summary>The object itself: every rule.</summary>
    Object,

    /// <summary>
    /// <c>ephemeralcontainers</c>: container rules on the ephemeral containers being added, and pod rules for what
    /// those containers bring (a failure inside one of them; the rest of the pod was judged when it was admitted).
    /// </summary>
    EphemeralContainers,

    /// <summary><c>scale</c>: object rules, on the replicas being set.</summary>
    Scale,

    /// <summary>Any other subresource (<c>status</c>, <c>binding</c>, ...): nothing.</summary>
    NotJudged,
}
