using System.Diagnostics;
using Guardrails.Fuzz.Targets;

namespace Guardrails.Fuzz.Running;

/// <summary>
/// Runs a target on one input outside afl-fuzz (replay, regression tests): on its own thread with the stack a
/// thread-pool thread has, as in the webhook, and for at most the target's bound.
/// </summary>
internal static class BoundedRun
{
    /// <summary>The stack of a .NET thread-pool thread on Linux, where Kestrel runs the webhook's handlers.</summary>
    public const int StackBytes = 1536 * 1024;

    public static RunOutcome Run(FuzzTarget target, byte[] input)
    {
        Exception? failure = null;
        var started = Stopwatch.GetTimestamp();
        var thread = new Thread(
            () =>
            {
                try
                {
                    target.Run(input);
                }
#pragma warning disable CA1031 // Whatever escapes is the outcome being recorded.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }
            },
            StackBytes)
        {
            // A hung input cannot be stopped; it must not keep the process alive either.
            IsBackground = true,
            Name = $"fuzz {target.Name}",
        };
        thread.Start();
        var finished = thread.Join(target.Bound);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return !finished ? new RunOutcome(RunVerdict.Hung, $"still running after the {target.Name} target's bound of {target.Bound.TotalSeconds:0.#} s", elapsed)
            : failure is FuzzFinding finding ? new RunOutcome(RunVerdict.Finding, Describe(finding), elapsed)
            : failure is not null ? new RunOutcome(RunVerdict.Crashed, Describe(failure), elapsed)
            : new RunOutcome(RunVerdict.Passed, string.Empty, elapsed);
    }

    // The exception, and the innermost Guardrails method it passed through: enough to tell two findings apart.
    private static string Describe(Exception ex)
    {
        var inner = ex.InnerException is { } cause ? $" <- {Describe(cause)}" : string.Empty;
        return $"{ex.GetType().Name}: {ex.Message}{Where(ex)}{inner}";
    }

    private static string Where(Exception ex) =>
        new StackTrace(ex, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("Guardrails", StringComparison.Ordinal) == true) is { } method
            ? $" (at {method.DeclaringType!.FullName}.{method.Name})"
            : string.Empty;
}
