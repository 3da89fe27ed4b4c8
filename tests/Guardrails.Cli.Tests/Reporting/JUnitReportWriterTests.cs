using System.Text;
using System.Xml.Linq;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Tests.Reporting;

public sealed class JUnitReportWriterTests : IDisposable
{
    private readonly ReportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Each_file_is_a_suite_with_a_case_per_object_and_applied_policy()
    {
        var good = _fixture.Write("good.yaml", ReportFixture.Good);
        var bad = _fixture.Write("bad.yaml", ReportFixture.Bad);
        var report = ReportFixture.Check([good, bad]);

        var root = Parse(Write(report)).Root!;

        root.Name.LocalName.Should().Be("testsuites");
        Attributes(root).Should().Be(("guardrails", 16, 2, 0, 0));
        root.Elements("testsuite").Select(s => (string)s.Attribute("name")!).Should().Equal(good, bad);
        var goodSuite = Suite(root, good);
        Attributes(goodSuite).Should().Be((good, 8, 0, 0, 0));
        goodSuite.Elements("testcase").Select(c => (string)c.Attribute("name")!).Should().Equal(report.Files[0].Objects[0].Result.AppliedPolicies);
        goodSuite.Elements("testcase").Should().OnlyContain(c => !c.HasElements);
        goodSuite.Elements("testcase").Should().OnlyContain(c =>
            (string)c.Attribute("classname")! == $"{good}.Deployment/shop/api" && (string)c.Attribute("file")! == good && (string)c.Attribute("line")! == "1");

        var badSuite = Suite(root, bad);
        Attributes(badSuite).Should().Be((bad, 8, 2, 0, 0));
        var image = Case(badSuite, "image-tag").Element("failure")!;
        ((string)image.Attribute("type")!).Should().Be("deny");
        ((string)image.Attribute("message")!).Should().Be("image-tag/pinned-tag: container app uses image nginx:latest, which is not pinned to a version tag or a digest");
        image.Value.Should().Be($"{bad}:15:9: deny image-tag/pinned-tag: container app uses image nginx:latest, which is not pinned to a version tag or a digest");
        Case(badSuite, "no-privileged").Element("failure")!.Value.Should().Be($"{bad}:22:11: deny no-privileged/no-privileged: container app runs privileged");

        var escalation = Case(badSuite, "no-privilege-escalation");
        escalation.Element("failure").Should().BeNull(because: "a warning is below the default --fail-on deny");
        escalation.Element("system-out")!.Value.Should().Be(
            $"{bad}:21:9: warn no-privilege-escalation/no-privilege-escalation: container app does not set allowPrivilegeEscalation: false\n"
            + "  not fixed in the cluster: the API server refuses allowPrivilegeEscalation: false on a privileged container");
    }

    [Fact]
    public void Fail_on_warn_turns_warnings_into_failures()
    {
        var bad = _fixture.Write("bad.yaml", ReportFixture.Bad);

        var suite = Parse(Write(ReportFixture.Check([bad], failOn: PolicyAction.Warn))).Root!.Element("testsuite")!;

        Attributes(suite).Should().Be((bad, 8, 3, 0, 0));
        var escalation = Case(suite, "no-privilege-escalation");
        ((string)escalation.Element("failure")!.Attribute("type")!).Should().Be("warn");
        escalation.Element("system-out").Should().BeNull();
    }

    [Fact]
    public void Violations_below_the_level_go_to_the_output_of_a_failing_case_too()
    {
        var report = ReportFixture.Check([_fixture.Write("bad.yaml", ReportFixture.Bad)]);
        var item = report.Files[0].Objects[0];
        var deny = item.Findings.Single(f => f.Violation.PolicyId == "image-tag");
        var audit = deny with { Violation = deny.Violation with { Action = PolicyAction.Audit, Message = "recorded only" } };
        report = Replace(report, item with { Findings = [.. item.Findings, audit] });

        var testCase = Case(Parse(Write(report)).Root!.Element("testsuite")!, "image-tag");

        ((string)testCase.Element("failure")!.Attribute("message")!).Should().NotContain("recorded only");
        testCase.Element("failure")!.Value.Should().NotContain("recorded only");
        testCase.Element("system-out")!.Value.Should().Be($"{item.File}:15:9: audit image-tag/pinned-tag: recorded only");
    }

    [Fact]
    public void Input_problems_skipped_documents_and_objects_no_policy_selects_are_cases_too()
    {
        var mixed = _fixture.Write("mixed.yaml", ReportFixture.Mixed);

        var root = Parse(Write(ReportFixture.Check([mixed, "missing.yaml"]))).Root!;

        Attributes(root).Should().Be(("guardrails", 4, 0, 2, 1));
        var inputs = Suite(root, JUnitReportWriter.InputsSuite);
        Attributes(inputs).Should().Be((JUnitReportWriter.InputsSuite, 1, 0, 1, 0));
        var missing = inputs.Element("testcase")!;
        ((string)missing.Attribute("name")!).Should().Be("(input)");
        ((string)missing.Attribute("classname")!).Should().Be("missing.yaml");
        ((string)missing.Element("error")!.Attribute("message")!).Should().Be("no such file or folder");

        var suite = Suite(root, mixed);
        Attributes(suite).Should().Be((mixed, 3, 0, 1, 1));
        suite.Elements("testcase").Select(c => (string)c.Attribute("name")!).Should().Equal("(input)", "(skipped documents)", "(no policy applies)");
        var problem = Case(suite, "(input)");
        ((string)problem.Attribute("line")!).Should().Be("11");
        ((string)problem.Element("error")!.Attribute("type")!).Should().Be("input");
        ((string)problem.Element("error")!.Attribute("message")!).Should().StartWith("invalid YAML: ");
        problem.Element("error")!.Value.Should().StartWith($"{mixed}:11:1: error: invalid YAML: ");

        var skipped = Case(suite, "(skipped documents)");
        ((string)skipped.Element("skipped")!.Attribute("message")!).Should().Be("not a Kubernetes object: the document is a string (and 1 more)");
        skipped.Element("system-out")!.Value.Should().Be(
            $"{mixed}:8:1: skipped: not a Kubernetes object: the document is a string\n{mixed}:12:1: skipped: not a Kubernetes object: it has no apiVersion and kind");

        var configMap = Case(suite, "(no policy applies)");
        ((string)configMap.Attribute("classname")!).Should().Be($"{mixed}.ConfigMap/default/settings");
        configMap.HasElements.Should().BeFalse();
    }

    [Fact]
    public void Standard_input_is_a_suite_without_a_file_to_open()
    {
        var suite = Parse(Write(ReportFixture.Check(["-"], standardInput: ReportFixture.Bad))).Root!.Element("testsuite")!;

        Attributes(suite).Should().Be(("<stdin>", 8, 2, 0, 0));
        suite.Elements("testcase").Should().OnlyContain(c =>
            (string)c.Attribute("classname")! == "<stdin>.Deployment/shop/web" && c.Attribute("file") == null && (string)c.Attribute("line")! == "1");
    }

    [Fact]
    public void Evaluation_errors_are_errors_of_their_policy_or_of_a_not_judged_case()
    {
        var report = ReportFixture.Check([_fixture.Write("bad.yaml", ReportFixture.Bad)]);
        var item = report.Files[0].Objects[0];
        report = Replace(report, item with
        {
            Result = item.Result with
            {
                Errors = [new EvaluationError("image-tag", "pinned-tag", "regex timed out"), new EvaluationError(null, null, "internal error")],
            },
        });

        var suite = Parse(Write(report)).Root!.Element("testsuite")!;

        Attributes(suite).Should().Be((item.File, 9, 1, 2, 0));
        var notJudged = Case(suite, "(not judged)").Element("error")!;
        ((string)notJudged.Attribute("message")!).Should().Be("internal error");
        notJudged.Value.Should().Be($"{item.File}:1:1: error could not be judged: internal error");
        var image = Case(suite, "image-tag");
        image.Element("failure").Should().BeNull(because: "a case is an error or a failure, not both");
        image.Element("error")!.Value.Should().Be(
            $"{item.File}:1:1: error image-tag/pinned-tag could not be judged: regex timed out\n"
            + $"{item.File}:15:9: deny image-tag/pinned-tag: container app uses image nginx:latest, which is not pinned to a version tag or a digest");
    }

    [Fact]
    public void Exemptions_are_listed_in_the_output_of_their_policy_case()
    {
        var bad = _fixture.Write("bad.yaml", ReportFixture.Bad);
        var exemptions = Path.Combine(_fixture.Root, "exemptions.yaml");
        File.WriteAllText(exemptions, """
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            spec:
              exemptions:
                - policy: image-tag
                  names: [web]
                  owner: web-team
                  reason: upstream pins latest
                  expires: 2099-12-31
            """);

        var suite = Parse(Write(ReportFixture.Check([bad], exemptions))).Root!.Element("testsuite")!;

        Attributes(suite).Should().Be((bad, 8, 1, 0, 0));
        var image = Case(suite, "image-tag");
        image.Element("failure").Should().BeNull();
        image.Element("system-out")!.Value.Should().StartWith($"{bad}:15:9: exempt image-tag/pinned-tag by ")
            .And.EndWith(" (until 2099-12-31): web-team: upstream pins latest");
    }

    [Fact]
    public void Markup_is_escaped_and_characters_xml_cannot_carry_are_shown_as_escapes()
    {
        var weird = _fixture.Write("weird.yaml", ReportFixture.Weird);

        var text = Write(ReportFixture.Check([weird]));

        text.Should().NotContain("\u0001").And.Contain("a\\x01&lt;b&gt;&amp;");
        var failure = Case(Parse(text).Root!.Element("testsuite")!, "image-tag").Element("failure")!;
        ((string)failure.Attribute("message")!).Should().Be(
            "image-tag/pinned-tag: container a\\x01<b>&\"c]]> uses image {{ .Values.image }}, which is not pinned to a version tag or a digest");
        failure.Value.Should().Be(
            $"{weird}:9:5: deny image-tag/pinned-tag: container a\\x01<b>&\"c]]> uses image {{{{ .Values.image }}}}, which is not pinned to a version tag or a digest");
    }

    [Fact]
    public void Clean_escapes_what_could_forge_a_line_or_what_XML_1_0_cannot_carry()
    {
        // Not theory data: test runners serialize case data, and lone surrogates do not survive that.
        JUnitReportWriter.Clean("plain text").Should().Be("plain text");
        JUnitReportWriter.Clean("tab\tnew\nline\r").Should().Be("tab\\tnew\\nline\\r");
        JUnitReportWriter.Clean("bell\u0007 null\0 escape\u001b").Should().Be("bell\\x07 null\\x00 escape\\x1b");
        JUnitReportWriter.Clean("c1 \u0085 bidi \u202e\u2066 separator \u2028").Should().Be("c1 \\x85 bidi \\u202e\\u2066 separator \\u2028");
        JUnitReportWriter.Clean("not characters \uFFFE\uFFFF").Should().Be("not characters \\ufffe\\uffff");
        JUnitReportWriter.Clean("lone \uD800 surrogates \uDC00").Should().Be("lone \\ud800 surrogates \\udc00");
        JUnitReportWriter.Clean("astral \U0001F600 kept, a backslash \\ too").Should().Be("astral \U0001F600 kept, a backslash \\ too");
    }

    [Fact]
    public void The_document_is_indented_UTF_8_without_a_byte_order_mark()
    {
        using var stream = new MemoryStream();
        JUnitReportWriter.Write(ReportFixture.Check([_fixture.Write("good.yaml", ReportFixture.Good)]), stream);

        var bytes = stream.ToArray();

        bytes.Take(3).Should().NotEqual([0xEF, 0xBB, 0xBF]);
        var text = Encoding.UTF8.GetString(bytes);
        text.Should().StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites name=\"guardrails\"")
            .And.EndWith("</testsuites>\n").And.NotContain("\r");
        text.Should().Contain("\n  <testsuite ").And.Contain("\n    <testcase ");
    }

    [Fact]
    public void Counts_match_the_cases_for_every_example()
    {
        var examples = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(RepoPaths.Root, "examples"));

        var root = Parse(Write(ReportFixture.Check([examples]))).Root!;

        var suites = root.Elements("testsuite").ToList();
        suites.Should().HaveCountGreaterThan(5);
        foreach (var element in suites.Append(root))
        {
            var cases = element.Descendants("testcase").ToList();
            ((int)element.Attribute("tests")!).Should().Be(cases.Count);
            ((int)element.Attribute("failures")!).Should().Be(cases.Count(c => c.Element("failure") is not null));
            ((int)element.Attribute("errors")!).Should().Be(cases.Count(c => c.Element("error") is not null));
            ((int)element.Attribute("skipped")!).Should().Be(cases.Count(c => c.Element("skipped") is not null));
        }

        root.Descendants("testcase").Should().OnlyContain(c => c.Elements().Count(e => e.Name != "system-out") <= 1);
        ((int)root.Attribute("failures")!).Should().BePositive();
    }

    private static CheckReport Replace(CheckReport report, ObjectReport item)
    {
        var file = report.Files.Single(f => f.File == item.File);
        var files = report.Files.Select(f => f == file ? f with { Objects = [.. f.Objects.Select(o => o.Document == item.Document && o.SourcePointer == item.SourcePointer ? item : o)] } : f);
        return new CheckReport(report.Policies, report.PolicyFile, report.FailOn, [.. files], report.Problems, report.Namespaces);
    }

    private static string Write(CheckReport report)
    {
        using var stream = new MemoryStream();
        JUnitReportWriter.Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static XDocument Parse(string text) => XDocument.Parse(text);

    private static (string Name, int Tests, int Failures, int Errors, int Skipped) Attributes(XElement element) => (
        (string)element.Attribute("name")!,
        (int)element.Attribute("tests")!,
        (int)element.Attribute("failures")!,
        (int)element.Attribute("errors")!,
        (int)element.Attribute("skipped")!);

    private static XElement Suite(XElement root, string name) => root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == name);

    private static XElement Case(XElement suite, string name) => suite.Elements("testcase").Single(c => (string)c.Attribute("name")! == name);
}
