namespace Guardrails.Testing;

/// <summary>What a finished command did: its command line, exit code and both outputs.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    /// <summary>The command and everything it printed, for assertion messages.</summary>
    public string Describe() => $"$ {Command}\nexit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
