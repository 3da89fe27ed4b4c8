namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// The guardrails executable under test: <c>GUARDRAILS_BIN</c> when set (CI points it at the Native AOT publish), else
/// the Cli build's apphost beside the tests, else <c>dotnet guardrails.dll</c>.
/// </summary>
internal sealed record GuardrailsBinary(string Executable, IReadOnlyList<string> Prefix, string Description)
{
    public const string Variable = "GUARDRAILS_BIN";

    public static GuardrailsBinary Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(full)
                ? new GuardrailsBinary(full, [], $"{full} ({Variable})")
                : throw new InvalidOperationException($"{Variable}={configured} does not exist");
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, "guardrails");
        if (File.Exists(apphost))
        {
            return new GuardrailsBinary(apphost, [], apphost);
        }

        var dotnet = Executables.OnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
        var assembly = Path.Combine(AppContext.BaseDirectory, "guardrails.dll");
        return new GuardrailsBinary(dotnet, [assembly], $"dotnet {assembly}");
    }

    public IEnumerable<string> Arguments(IEnumerable<string> args) => Prefix.Concat(args);

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Executable, Arguments(args), timeout: timeout ?? TimeSpan.FromMinutes(3));
}
