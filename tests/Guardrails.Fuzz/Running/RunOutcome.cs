namespace Guardrails.Fuzz.Running;

/// <summary>How one input ended.</summary>
internal enum RunVerdict
{
    /// <summary>Returned within the target's bound.</summary>
    Passed,

    /// <summary>An oracle found the answer wrong.</summary>
    Finding,

    /// <summary>An exception escaped the target.</summary>
    Crashed,

    /// <summary>Still running at the target's bound.</summary>
    Hung,
}

/// <summary>How one input ended, what it raised, and how long it took.</summary>
internal sealed record RunOutcome(RunVerdict Verdict, string Detail, TimeSpan Elapsed)
{
    public override string ToString() => Verdict == RunVerdict.Passed
        ? $"passed in {Elapsed.TotalMilliseconds:0} ms"
        : $"{Verdict.ToString().ToLowerInvariant()} after {Elapsed.TotalMilliseconds:0} ms: {Detail}";
}
