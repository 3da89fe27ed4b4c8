using System.Diagnostics;
using System.Text;

namespace Guardrails.Testing;

/// <summary>
/// Runs a command to completion (kubectl, helm, guardrails check) with its streams captured, standard input fed from a
/// string, <c>NO_COLOR</c> set and a time limit.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="executable"/> in the repository's root (or <paramref name="workingDirectory"/>) within <paramref name="timeout"/> (two minutes unless given).</summary>
    public static async Task<ProcessResult> RunAsync(
        string executable,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? input = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var command = string.Join(' ', new[] { executable }.Concat(start.ArgumentList.Select(Quote)));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {limit.TotalSeconds:0} s; output so far:\n{await output}\n{await errors}");
        }

        return new ProcessResult(command, process.ExitCode, (await output).ReplaceLineEndings("\n"), (await errors).ReplaceLineEndings("\n"), clock.Elapsed);
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c, StringComparison.Ordinal)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
