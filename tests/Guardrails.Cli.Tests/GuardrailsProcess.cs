using System.Diagnostics;

namespace Guardrails.Cli.Tests;

/// <summary>Runs the real <c>guardrails</c> executable (built beside the tests) as a separate process.</summary>
internal static class GuardrailsProcess
{
    public static (int ExitCode, string Output, string Errors) Run(string workingDirectory, params string[] args) =>
        RunWithInput(workingDirectory, input: null, args);

    /// <summary>Runs guardrails with <paramref name="input"/> piped into its standard input (closed at once when null).</summary>
    public static (int ExitCode, string Output, string Errors) RunWithInput(string workingDirectory, byte[]? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "guardrails.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("guardrails did not finish within 2 minutes");
        }

        return (process.ExitCode, output.Result.ReplaceLineEndings("\n"), errors.Result.ReplaceLineEndings("\n"));
    }
}
