namespace Guardrails.Engine.Hosts;

/// <summary>What one evaluation result comes to, the same in every host (<see cref="Verdict.Of"/>).</summary>
public enum Judgement
{
    /// <summary>Nothing to deny or warn about (audit findings and exemptions may still be reported).</summary>
    Passed,

    /// <summary>At least one <c>warn</c> violation and no <c>deny</c> one: admitted with warnings; fails CI only at <c>--fail-on warn</c>.</summary>
    Warned,

    /// <summary>At least one <c>deny</c> violation: denied (admitted only under break glass); fails CI.</summary>
    Denied,

    /// <summary>
    /// The object itself cannot be judged (every error is <see cref="Evaluation.EvaluationError.ObjectRefused"/>): the
    /// same object always fails the same way, so it is refused with the reason (admitted only under break glass).
    /// </summary>
    Refused,

    /// <summary>The evaluation failed (its time limit, an internal error): never admitted; the webhook answers 500.</summary>
    NotJudged,
}
