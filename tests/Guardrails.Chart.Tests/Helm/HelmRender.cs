namespace Guardrails.Chart.Tests.Helm;

/// <summary>One run of <c>helm template</c>: which Helm, what was asked, and what it answered.</summary>
internal sealed class HelmRender(HelmBinary helm, RenderRequest request, ProcessResult result)
{
    private readonly Lazy<RenderedChart> chart = new(() => ManifestReader.Read(result.Output));

    public HelmBinary Helm => helm;

    public RenderRequest Request => request;

    public ProcessResult Result => result;

    public bool Succeeded => result.ExitCode == 0;

    /// <summary>
    /// Helm's error: standard error from its "Error: " line on, without trailing blank lines. Log lines Helm prints before it
    /// (Helm 4's "level=INFO msg=...", Helm 3's "coalesce.go:...: warning: ...") are in <see cref="Warnings"/>.
    /// </summary>
    public string Error => string.Join('\n', Lines.SkipWhile(l => !IsErrorLine(l))).TrimEnd();

    /// <summary>The first line of <see cref="Error"/>: "Error: " and the reason (what follows is Helm's hint or the schema's list).</summary>
    public string ErrorLine => Lines.FirstOrDefault(IsErrorLine) ?? "";

    /// <summary>What Helm logged before its error, or on a successful render.</summary>
    public IReadOnlyList<string> Warnings => [.. Lines.TakeWhile(l => !IsErrorLine(l)).Where(l => l.Length > 0)];

    /// <summary>The parsed output; the render must have succeeded.</summary>
    public RenderedChart Chart
    {
        get
        {
            Succeeded.Should().BeTrue($"{helm} must render the chart with these values:\n{request.Values}\nbut it said:\n{result.Errors}");
            return chart.Value;
        }
    }

    private string[] Lines => result.Errors.Split('\n');

    private static bool IsErrorLine(string line) => line.StartsWith("Error: ", StringComparison.Ordinal);
}
