using System.Globalization;
using System.Text;
using System.Xml;
using Guardrails.Cli.Reading;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// JUnit XML for CI test-report viewers (GitLab <c>artifacts:reports:junit</c>, Jenkins, GitHub test-report
/// actions): one test suite per input file, one test case per object and policy that applied to it. A case fails
/// when a violation is at or above <c>--fail-on</c>; violations below it are listed in the case's output.
/// </summary>
internal static class JUnitReportWriter
{
    /// <summary>The case of an object that no policy selected, so the object still shows.</summary>
    public const string NoPolicyCase = "(no policy applies)";

    /// <summary>The case of an input's problems (invalid YAML, unreadable file), and of paths that are no input.</summary>
    public const string InputCase = "(input)";

    /// <summary>The case of an input's documents that are not Kubernetes objects.</summary>
    public const string SkippedCase = "(skipped documents)";

    /// <summary>The case of an object's evaluation errors that belong to no policy.</summary>
    public const string NotJudgedCase = "(not judged)";

    /// <summary>The suite of problems that belong to no input (missing paths, nothing found).</summary>
    public const string InputsSuite = "(inputs)";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
    };

    public static void Write(CheckReport report, Stream output)
    {
        var inputs = SuiteOfInputs(ReportHead.Of(report));
        var suites = report.Files
            .Select(f => new Suite(f.File, [.. InputCases(f.File, f.Problems, f.Skipped), .. f.Objects.SelectMany(o => ObjectCases(o, report.FailOn))]))
            .ToList();
        var totals = suites.Aggregate(inputs is null ? CaseCounts.None : CaseCounts.Of(inputs.Cases), (sum, suite) => sum.Add(CaseCounts.Of(suite.Cases)));
        WriteDocument(output, totals, inputs, writer =>
        {
            foreach (var suite in suites)
            {
                WriteSuite(writer, suite);
            }
        });
    }

    /// <summary>The writer settings of the report (also those of its spooled fragments, which must match byte for byte).</summary>
    internal static XmlWriterSettings WriterSettings => Settings;

    /// <summary>
    /// The document: <paramref name="totals"/> over every case, the suite of problems that belong to no input, and the
    /// suites of the inputs, which <paramref name="inputSuites"/> writes.
    /// </summary>
    internal static void WriteDocument(Stream output, CaseCounts totals, Suite? inputs, Action<XmlWriter> inputSuites)
    {
        using (var writer = XmlWriter.Create(output, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "guardrails");
            WriteCounts(writer, totals);
            if (inputs is not null)
            {
                WriteSuite(writer, inputs);
            }

            inputSuites(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>A whole <c>testsuite</c>.</summary>
    internal static void WriteSuite(XmlWriter writer, Suite suite)
    {
        WriteSuiteStart(writer, suite.Name, CaseCounts.Of(suite.Cases));
        foreach (var testCase in suite.Cases)
        {
            WriteCase(writer, testCase);
        }

        writer.WriteEndElement();
    }

    /// <summary>The start of a <c>testsuite</c>: its name and counts.</summary>
    internal static void WriteSuiteStart(XmlWriter writer, string name, CaseCounts counts)
    {
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", Clean(name));
        WriteCounts(writer, counts);
    }

    /// <summary>The <c>skipped</c> case of a folder entry that was not read (a FIFO, a folder reached again through a link).</summary>
    public const string SkippedPathCase = "(skipped path)";

    /// <summary>
    /// An attribute value or a line of text: every character that could forge a line or drive a viewer escaped
    /// (<see cref="ReportText"/>), and whatever else XML 1.0 cannot carry (U+FFFE, U+FFFF) escaped the same way.
    /// </summary>
    public static string Clean(string text)
    {
        var escaped = ReportText.Escape(text);
        StringBuilder? clean = null;
        for (var i = 0; i < escaped.Length; i++)
        {
            var length = XmlConvert.IsXmlChar(escaped[i]) ? 1
                : i + 1 < escaped.Length && XmlConvert.IsXmlSurrogatePair(escaped[i + 1], escaped[i]) ? 2
                : 0;
            if (length == 0)
            {
                clean ??= new StringBuilder(escaped.Length + 8).Append(escaped, 0, i);
                clean.Append("\\u").Append(((int)escaped[i]).ToString("x4", CultureInfo.InvariantCulture));
                continue;
            }

            clean?.Append(escaped, i, length);
            i += length - 1;
        }

        return clean?.ToString() ?? escaped;
    }

    // Several lines, each cleaned on its own: the line breaks between them are the report's own.
    private static string CleanLines(string text) => string.Join('\n', text.Split('\n').Select(Clean));

    /// <summary>The suite of problems that belong to no input (missing paths, nothing found) and of skipped paths; null when there are none.</summary>
    internal static Suite? SuiteOfInputs(ReportHead head) => head.Problems.Count > 0 || head.SkippedPaths.Count > 0
        ? new Suite(InputsSuite, [
            .. head.Problems.Select(p => new Case(p.File, InputCase, null, null, new Outcome(OutcomeKind.Error, "input", p.Message, Line(p)), null)),
            .. head.SkippedPaths.Select(p => new Case(p.Path, SkippedPathCase, null, null, new Outcome(OutcomeKind.Skipped, null, p.Reason, null), null)),
        ])
        : null;

    /// <summary>The cases that open an input's suite: its problems, then its skipped documents (none when it has neither).</summary>
    internal static IEnumerable<Case> InputCases(string file, IReadOnlyList<InputProblem> problems, IReadOnlyList<SkippedDocument> skipped)
    {
        if (problems.Count > 0)
        {
            var first = problems[0];
            yield return new Case(file, InputCase, file, first.Line > 0 ? first.Line : null,
                new Outcome(OutcomeKind.Error, "input", Summary(first.Message, problems.Count), Lines(problems.Select(Line))), null);
        }

        if (skipped.Count > 0)
        {
            var first = skipped[0];
            var lines = Lines(skipped.Select(s => $"{s.File}:{s.Position}: skipped: {s.Reason}"));
            yield return new Case(file, SkippedCase, file, first.Position.Line,
                new Outcome(OutcomeKind.Skipped, null, Summary(first.Reason, skipped.Count), null), lines);
        }
    }

    /// <summary>The cases of one object: one per policy that applied to it.</summary>
    internal static IEnumerable<Case> ObjectCases(ObjectReport item, PolicyAction failOn)
    {
        var className = $"{item.File}.{(item.Namespace is null ? $"{item.Kind}/{item.NameOrUnnamed}" : $"{item.Kind}/{item.Namespace}/{item.NameOrUnnamed}")}";
        var applied = item.Result.AppliedPolicies;
        var unattributed = item.Result.Errors.Where(e => e.PolicyId is null || !applied.Contains(e.PolicyId)).ToList();
        if (unattributed.Count > 0)
        {
            yield return new Case(className, NotJudgedCase, item.File, item.Position.Line,
                new Outcome(OutcomeKind.Error, "evaluation", Summary(unattributed[0].Message, unattributed.Count), Lines(unattributed.Select(e => Line(item, e)))), null);
        }

        foreach (var policyId in applied)
        {
            var findings = item.Findings.Where(f => f.Violation.PolicyId == policyId).ToList();
            var failing = findings.Where(f => f.Violation.Action >= failOn).ToList();
            var errors = item.Result.Errors.Where(e => e.PolicyId == policyId).ToList();
            var output = findings.Where(f => f.Violation.Action < failOn).SelectMany(f => Lines(item, f))
                .Concat(item.Exemptions.Where(e => e.Use.PolicyId == policyId).Select(e => Line(item, e)))
                .ToList();
            Outcome? outcome = null;
            if (errors.Count > 0)
            {
                var message = $"{RuleName(errors[0].PolicyId, errors[0].RuleId)}could not be judged: {errors[0].Message}";
                outcome = new Outcome(OutcomeKind.Error, "evaluation", Summary(message, errors.Count + failing.Count),
                    Lines(errors.Select(e => Line(item, e)).Concat(failing.SelectMany(f => Lines(item, f)))));
            }
            else if (failing.Count > 0)
            {
                var first = failing[0].Violation;
                outcome = new Outcome(OutcomeKind.Failure, ReportNames.Of(failing.Max(f => f.Violation.Action)),
                    Summary($"{first.PolicyId}/{first.RuleId}: {first.Message}", failing.Count), Lines(failing.SelectMany(f => Lines(item, f))));
            }

            yield return new Case(className, policyId, item.File, item.Position.Line, outcome, output.Count > 0 ? Lines(output) : null);
        }

        if (applied.Count == 0 && item.Result.Errors.Count == 0)
        {
            yield return new Case(className, NoPolicyCase, item.File, item.Position.Line, null, null);
        }
    }

    private static void WriteCounts(XmlWriter writer, CaseCounts counts)
    {
        writer.WriteAttributeString("tests", Number(counts.Tests));
        writer.WriteAttributeString("failures", Number(counts.Failures));
        writer.WriteAttributeString("errors", Number(counts.Errors));
        writer.WriteAttributeString("skipped", Number(counts.Skipped));
        // Nothing is timed, but some readers add up `time` and show NaN when it is missing.
        writer.WriteAttributeString("time", "0");
    }

    /// <summary>One <c>testcase</c>.</summary>
    internal static void WriteCase(XmlWriter writer, Case testCase)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("name", Clean(testCase.Name));
        writer.WriteAttributeString("classname", Clean(testCase.ClassName));
        // Standard input is no file that a viewer could open.
        if (testCase.File is not null and not InputSource.StandardInputName)
        {
            writer.WriteAttributeString("file", Clean(testCase.File));
        }

        if (testCase.Line is > 0 and var line)
        {
            writer.WriteAttributeString("line", Number(line));
        }

        writer.WriteAttributeString("time", "0");
        if (testCase.Outcome is { } outcome)
        {
            writer.WriteStartElement(outcome.Kind switch
            {
                OutcomeKind.Failure => "failure",
                OutcomeKind.Error => "error",
                _ => "skipped",
            });
            if (outcome.Type is not null)
            {
                writer.WriteAttributeString("type", outcome.Type);
            }

            writer.WriteAttributeString("message", Clean(outcome.Message));
            if (outcome.Body is not null)
            {
                writer.WriteString(CleanLines(outcome.Body));
            }

            writer.WriteEndElement();
        }

        if (testCase.Output is not null)
        {
            writer.WriteElementString("system-out", CleanLines(testCase.Output));
        }

        writer.WriteEndElement();
    }

    private static string Line(InputProblem problem) => problem.Line > 0
        ? $"{problem.File}:{problem.Line}:{problem.Column}: error: {problem.Message}"
        : $"{problem.File}: error: {problem.Message}";

    // A finding, then what the cluster's mutation fills in for it or why it does not: one line each.
    private static IEnumerable<string> Lines(ObjectReport item, Finding finding)
    {
        var violation = finding.Violation;
        yield return $"{item.File}:{finding.Position}: {ReportNames.Of(violation.Action)} {violation.PolicyId}/{violation.RuleId}: {violation.Message}";
        foreach (var change in violation.Changes)
        {
            yield return $"  fixed in the cluster: {change.DescribeForManifest()}";
        }

        if (violation.FixWithheld is { } withheld)
        {
            yield return $"  not fixed in the cluster: {withheld}";
        }
    }

    private static string Line(ObjectReport item, EvaluationError error) =>
        $"{item.File}:{item.Position}: error {RuleName(error.PolicyId, error.RuleId)}could not be judged: {error.Message}";

    private static string Line(ObjectReport item, ExemptionFinding exemption)
    {
        var use = exemption.Use;
        var by = use.Source == ExemptionSource.File ? $"by {use.Entry}" : $"by annotation{(use.Entry is null ? string.Empty : $", allowed at {use.Entry}")}";
        var owner = use.Owner is null ? string.Empty : $"{use.Owner}: ";
        var expires = use.Expires is { } date ? $" (until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty;
        var text = use.Status switch
        {
            ExemptionStatus.Applied => $"exempt {use.PolicyId}/{use.RuleId} {by}{expires}: {owner}{use.Reason}",
            ExemptionStatus.Expired => $"exemption expired {use.PolicyId}/{use.RuleId} {by}{expires}: the finding stands",
            _ => $"exemption not allowed {use.PolicyId}/{use.RuleId}: {use.Refusal ?? "no exemption entry allows the annotation"}; the finding stands",
        };
        return $"{item.File}:{exemption.Position}: {text}";
    }

    private static string RuleName(string? policyId, string? ruleId) => policyId is null ? string.Empty : $"{policyId}/{ruleId} ";

    private static string Summary(string first, int count) => count == 1 ? first : $"{first} (and {count - 1} more)";

    // Each line is escaped on its own, so only the joins are line breaks.
    private static string Lines(IEnumerable<string> lines) => string.Join('\n', lines.Select(ReportText.Escape));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal enum OutcomeKind
    {
        Failure,
        Error,
        Skipped,
    }

    /// <summary>Why a case did not pass, and the lines that say so.</summary>
    internal sealed record Outcome(OutcomeKind Kind, string? Type, string Message, string? Body);

    /// <summary>One <c>testcase</c>; a null outcome passes.</summary>
    internal sealed record Case(string ClassName, string Name, string? File, int? Line, Outcome? Outcome, string? Output);

    /// <summary>One <c>testsuite</c>.</summary>
    internal sealed record Suite(string Name, IReadOnlyList<Case> Cases);

    /// <summary>The counts a <c>testsuite</c> or <c>testsuites</c> element opens with; they add up.</summary>
    internal sealed record CaseCounts(int Tests, int Failures, int Errors, int Skipped)
    {
        public static CaseCounts None { get; } = new(0, 0, 0, 0);

        public static CaseCounts Of(IEnumerable<Case> cases) => cases.Aggregate(None, (sum, c) => sum.Add(new CaseCounts(
            1,
            c.Outcome?.Kind == OutcomeKind.Failure ? 1 : 0,
            c.Outcome?.Kind == OutcomeKind.Error ? 1 : 0,
            c.Outcome?.Kind == OutcomeKind.Skipped ? 1 : 0)));

        public CaseCounts Add(CaseCounts other) => new(Tests + other.Tests, Failures + other.Failures, Errors + other.Errors, Skipped + other.Skipped);
    }
}
