
namespace Guardrails.Cli.Reporting;

/// <summary>
/// Keeps everything a check finds as a <see cref="CheckReport"/>: the model the JSON, SARIF and JUnit reports are
/// written from (they are documents that start with their summary, so they need the whole run first).
/// </summary>
internal sealed class CheckReportBuilder : ICheckSink
{
    private CheckStart? _start;
    private List<FileReport>?[] _parts = [];
    private FileReport[] _files = [];

    /// <summary>The report, once the check has ended.</summary>
    public CheckReport Report { get; private set; } = null!;

    public void Begin(CheckStart start)
    {
        _start = start;
        _parts = new List<FileReport>?[start.Files];
        _files = new FileReport[start.Files];
    }

    public void Judged(int input, FileReport part) => (_parts[input] ??= []).Add(part);

    public void Completed(int input, string file)
    {
        var parts = _parts[input] ?? [];
        _parts[input] = null;
        _files[input] = parts.Count == 1
            ? parts[0]
            : new FileReport(file, [.. parts.SelectMany(p => p.Objects)], [.. parts.SelectMany(p => p.Skipped)], [.. parts.SelectMany(p => p.Problems)]);
    }

    public void End(CheckEnd end)
    {
        var start = _start ?? throw new InvalidOperationException("the check has not begun");
        Report = new CheckReport(start.Policies, start.PolicyFile, start.FailOn, _files, [.. start.Problems, .. end.Problems], end.Namespaces)
        {
            SkippedPaths = start.SkippedPaths,
            Revision = start.Revision,
        };
    }
}
