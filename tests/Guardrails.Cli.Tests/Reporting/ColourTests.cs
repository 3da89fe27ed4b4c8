using System.Diagnostics;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>
/// Colour only on a terminal and never with NO_COLOR: the binary runs under util-linux <c>script</c>, which gives it
/// a real pseudo-terminal (<c>script</c> ships in Debian's essential bsdutils package).
/// </summary>
public sealed class ColourTests
{
    private const string Red = "\u001b[31m";

    [Fact]
    public void A_terminal_gets_colour()
    {
        OnTerminal(noColor: null).Should().Contain($"{Red}deny\u001b[0m image-tag/pinned-tag");
    }

    [Fact]
    public void No_color_turns_colour_off_even_on_a_terminal()
    {
        var output = OnTerminal(noColor: "1");

        output.Should().Contain("deny image-tag/pinned-tag").And.NotContain(Red);
    }

    [Fact]
    public void A_pipe_gets_no_colour()
    {
        var (_, output, _) = GuardrailsProcess.Run(RepoPaths.Root, "check", "examples/rs.yaml");

        output.Should().Contain("deny image-tag/pinned-tag").And.NotContain("\u001b[");
    }

    private static string OnTerminal(string? noColor)
    {
        var command = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "guardrails.dll")}' check examples/rs.yaml";
        var start = new ProcessStartInfo("script", ["--quiet", "--return", "--command", command, "/dev/null"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        start.Environment.Remove("NO_COLOR");
        if (noColor is not null)
        {
            start.Environment["NO_COLOR"] = noColor;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(TimeSpan.FromMinutes(2)).Should().BeTrue();
        output.Should().Contain("ReplicaSet payments-prod/bypass-attempt", "the check ran on the terminal");
        return output;
    }
}
