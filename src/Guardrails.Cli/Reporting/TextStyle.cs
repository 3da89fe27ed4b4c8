namespace Guardrails.Cli.Reporting;

/// <summary>ANSI colours for the text report, or none.</summary>
internal sealed class TextStyle(bool enabled)
{
    public static TextStyle Plain { get; } = new(false);

    public bool Enabled => enabled;

    /// <summary>Colour only on a terminal, and never when <c>NO_COLOR</c> is set to anything (https://no-color.org).</summary>
    public static TextStyle ForConsole() =>
        new(!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public string Bold(string text) => Wrap("1", text);

    public string Red(string text) => Wrap("31", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Cyan(string text) => Wrap("36", text);

    public string Green(string text) => Wrap("32", text);

    public string Dim(string text) => Wrap("2", text);

    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
