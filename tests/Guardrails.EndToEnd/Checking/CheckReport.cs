using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// A <c>guardrails check --format json</c> run of the binary under test. Exit code 2 with a report is accepted: objects
/// that could not be judged carry their errors, and the tests that read them fail on them.
/// </summary>
internal sealed record CheckReport(ProcessResult Process, IReadOnlyList<CheckObject> Objects)
{
    // One check at a time: check uses every core, and on a loaded machine two at once push regex evaluations towards
    // the engine's 200 ms limit (an evaluation error, which fails closed).
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<CheckReport> RunAsync(GuardrailsBinary guardrails, IEnumerable<string> args)
    {
        ProcessResult process;
        await OneAtATime.WaitAsync();
        try
        {
            process = await guardrails.RunAsync(["check", "--format", "json", .. args]);
        }
        finally
        {
            OneAtATime.Release();
        }

        if (process.ExitCode is not (0 or 1 or 2) || !process.Output.TrimStart().StartsWith('{'))
        {
            throw new InvalidOperationException($"guardrails check failed:\n{process.Describe()}");
        }

        var report = JsonNode.Parse(process.Output)!;
        var problems = report["errors"]!.AsArray();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"guardrails check reported input errors:\n{process.Describe()}");
        }

        return new CheckReport(process, [.. report["objects"]!.AsArray().Select(o => CheckObject.From(o!))]);
    }

    /// <summary>The objects judged from <paramref name="file"/> (its full path as given to check).</summary>
    public IReadOnlyList<CheckObject> In(string file) => [.. Objects.Where(o => Path.GetFullPath(o.File, RepoPaths.Root) == Path.GetFullPath(file))];
}
