using System.Diagnostics;

namespace Guardrails.Chart.Tests.Support;

/// <summary>What a finished process left: its exit code, standard output and standard error.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Errors);

/// <summary>Runs an executable to completion with its streams captured, standard input fed from a string, and a time limit.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string executable,
        IEnumerable<string> args,
        string? input,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeLimit)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "").ConfigureAwait(false);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(timeLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', start.ArgumentList)} did not finish within {timeLimit.TotalSeconds:0} s");
        }

        return new ProcessResult(process.ExitCode, (await output.ConfigureAwait(false)).ReplaceLineEndings("\n"), (await errors.ConfigureAwait(false)).ReplaceLineEndings("\n"));
    }
}
