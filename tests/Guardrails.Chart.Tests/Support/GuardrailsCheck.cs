using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Guardrails.Chart.Tests.Support;

/// <summary>The outcome of one <c>guardrails check</c> run: exit code, the JSON report (null when none) and standard error.</summary>
internal sealed record CheckOutcome(int ExitCode, JsonObject? Report, string Output, string Errors);

/// <summary>Runs the real <c>guardrails</c> executable (built beside the tests) with <c>check</c>, asking for the JSON report.</summary>
internal static class GuardrailsCheck
{
    public static CheckOutcome Run(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "guardrails.dll"));
        start.ArgumentList.Add("check");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("json");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("guardrails check did not finish within 2 minutes");
        }

        var text = output.Result;
        var report = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null;
        return new CheckOutcome(process.ExitCode, report, text, errors.Result);
    }
}
