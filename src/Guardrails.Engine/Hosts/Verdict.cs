using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Engine.Hosts;

/// <summary>
/// How every host reads an <see cref="EvaluationResult"/>: <c>guardrails check</c> (which objects fail the run at
/// <c>--fail-on</c>) and the admission webhook (admitted or not, break glass). Written once here so that the hosts
/// cannot drift: a result with any error, or any <c>deny</c> violation, is <see cref="EvaluationResult.Denied"/>, and is
/// never admitted nor passed except where break glass explicitly admits a denial or a refusal.
/// </summary>
public static class Verdict
{
    /// <summary>What <paramref name="result"/> comes to.</summary>
    public static Judgement Of(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Denied)
        {
            return HasWarning(result) ? Judgement.Warned : Judgement.Passed;
        }

        if (result.Errors.Count == 0)
        {
            return Judgement.Denied;
        }

        return AllRefusals(result) ? Judgement.Refused : Judgement.NotJudged;
    }

    /// <summary>
    /// True when <paramref name="result"/> fails a CI run at <paramref name="failOn"/>: anything not judged, and any
    /// violation at that action or above (at <c>deny</c>, exactly <see cref="EvaluationResult.Denied"/>).
    /// </summary>
    public static bool Fails(EvaluationResult result, PolicyAction failOn)
    {
        ArgumentNullException.ThrowIfNull(result);
        return failOn == PolicyAction.Deny ? result.Denied : result.Errors.Count > 0 || AnyAtLeast(result, failOn);
    }

    /// <summary>
    /// True when the admission webhook admits a request judged <paramref name="judgement"/>: passed and warned ones;
    /// denied and refused ones only under <paramref name="breakGlass"/>; one not judged never.
    /// </summary>
    public static bool Admits(Judgement judgement, bool breakGlass) => judgement switch
    {
        Judgement.Passed or Judgement.Warned => true,
        Judgement.Denied or Judgement.Refused => breakGlass,
        _ => false,
    };

    /// <summary>True when break glass is what admits a request judged <paramref name="judgement"/> (it would be denied without).</summary>
    public static bool BreaksGlass(Judgement judgement, bool breakGlass) => breakGlass && judgement is Judgement.Denied or Judgement.Refused;

    private static bool HasWarning(EvaluationResult result)
    {
        foreach (var violation in result.Violations)
        {
            if (violation.Action == PolicyAction.Warn)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyAtLeast(EvaluationResult result, PolicyAction action)
    {
        foreach (var violation in result.Violations)
        {
            if (violation.Action >= action)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllRefusals(EvaluationResult result)
    {
        foreach (var error in result.Errors)
        {
            if (!error.ObjectRefused)
            {
                return false;
            }
        }

        return true;
    }
}
