using System.Diagnostics;

namespace Guardrails.Schema;

/// <summary>The evaluation ran past its time limit; never means "valid", and ends the whole evaluation.</summary>
[DebuggerDisplay("{Message}")]
public sealed class EvaluationDeadlineException(TimeSpan limit)
    : Exception($"the evaluation ran past its time limit of {limit.TotalMilliseconds:0} ms and was stopped")
{
    /// <summary>The limit that was passed.</summary>
    public TimeSpan Limit { get; } = limit;
}
