using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;

namespace Guardrails.Cli.Fixing;

/// <summary>What fixing one input gives: its new text (null when nothing changes), the edits, and the check of the result.</summary>
/// <param name="Input">The input.</param>
/// <param name="Original">Its text as read; null when it could not be read.</param>
/// <param name="Fixed">The fixed text; null when no fix changes it.</param>
/// <param name="Splices">The edits that turn <paramref name="Original"/> into <paramref name="Fixed"/>, in order.</param>
/// <param name="Fields">Each field set, or left unset with the reason.</param>
/// <param name="Report">What <c>guardrails check</c> reports of the fixed text (of the text as read, when unchanged).</param>
/// <param name="ReportAsRead">What <c>guardrails check</c> reports of the text as read, when it differs from <paramref name="Report"/>.</param>
internal sealed record FileFix(InputSource Input, string? Original, string? Fixed, IReadOnlyList<TextSplice> Splices, IReadOnlyList<FieldFix> Fields, FileReport Report, FileReport? ReportAsRead = null)
{
    public bool Changed => Fixed is not null;

    /// <summary>True when the fixed text could not be written (<see cref="NotWritten"/>).</summary>
    public bool WriteFailed { get; private init; }

    /// <summary>
    /// This input as it stays when its fixed text cannot be written: check's report of the text as read with
    /// <paramref name="problem"/> added, and every field it would have set marked as not set, at its object.
    /// </summary>
    public FileFix NotWritten(InputProblem problem, string reason) => this with
    {
        Fixed = null,
        Splices = [],
        Fields = [.. Fields.Select(f => f.NotFixed is null ? f with { Position = f.ObjectPosition, NotFixed = reason } : f)],
        Report = (ReportAsRead ?? Report) with { Problems = [.. (ReportAsRead ?? Report).Problems, problem] },
        ReportAsRead = null,
        WriteFailed = true,
    };
}
