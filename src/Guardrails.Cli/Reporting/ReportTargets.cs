namespace Guardrails.Cli.Reporting;

/// <summary>
/// Pairs <c>--format</c> and <c>--output</c> in order. Formats without an output go to standard output (at most one);
/// when every report goes to a file, the text report still goes to standard output for the CI log.
/// </summary>
internal static class ReportTargets
{
    public static (IReadOnlyList<ReportTarget> Targets, IReadOnlyList<string> Errors) Resolve(IReadOnlyList<string> formats, IReadOnlyList<string> outputs)
    {
        var errors = new List<string>();
        if (outputs.Count > Math.Max(formats.Count, 1))
        {
            errors.Add($"{outputs.Count} --output values but {Math.Max(formats.Count, 1)} --format: give one --format per --output");
            return ([], errors);
        }

        var names = formats.Count == 0 ? ["text"] : formats;
        var targets = new List<ReportTarget>();
        for (var i = 0; i < names.Count; i++)
        {
            var path = i < outputs.Count && outputs[i] != "-" ? outputs[i] : null;
            targets.Add(new ReportTarget(Parse(names[i]), path));
        }

        if (targets.Count(t => t.Path is null) > 1)
        {
            errors.Add("only one report can go to standard output: give --output FILE for the others");
        }

        if (targets.All(t => t.Path is not null))
        {
            targets.Add(new ReportTarget(ReportFormat.Text, null));
        }

        return (targets, errors);
    }

    private static ReportFormat Parse(string name) => name switch
    {
        "json" => ReportFormat.Json,
        "sarif" => ReportFormat.Sarif,
        "junit" => ReportFormat.JUnit,
        _ => ReportFormat.Text,
    };
}
