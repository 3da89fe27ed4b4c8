using Guardrails.Chart.Tests.Rendering;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests;

/// <summary>
/// The test renderer itself: Go template semantics where the chart depends on them, and a loud failure for every
/// construct it does not know, so that the chart cannot escape the chart tests by using one.
/// </summary>
public sealed class RendererTests
{
    [Theory]
    [InlineData("a  {{- 1 -}}  b", "a1b")]
    [InlineData("a\n  {{- if true }}\n  x\n  {{- end }}\nb", "a\n  x\nb")]
    [InlineData("{{/* comment */}}a {{- /* trimmed */ -}} b", "ab")]
    [InlineData("{{ \"x\" | quote }} {{ 5 | quote }} {{ .Values.n | quote }} {{ quote nil }}", "\"x\" \"5\" \"3\" ")]
    [InlineData("{{ .Values.n }} {{ .Values.big }} {{ .Values.half }}", "3 1e+06 0.5")]
    [InlineData("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", "2")]
    [InlineData("{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }},{{ else }}none{{ end }}", "0=a,1=b,")]
    [InlineData("{{ range .Values.empty }}x{{ else }}none{{ end }}", "none")]
    [InlineData("{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }};{{ end }}", "a:1;b:2;")]
    [InlineData("{{ with .Values.map }}{{ .a }}{{ $.Values.n }}{{ end }}", "13")]
    [InlineData("{{ if eq .Values.s \"y\" }}1{{ else if .Values.n }}2{{ else }}3{{ end }}", "2")]
    [InlineData("{{ if eq .Values.s \"y\" }}1{{ else if .Values.empty }}2{{ else }}3{{ end }}", "3")]
    [InlineData("{{ and 1 0 2 }} {{ or 0 \"\" \"z\" }} {{ not .Values.empty }}", "0 z true")]
    [InlineData("{{ default \"d\" .Values.s }} {{ default \"d\" \"\" }} {{ .Values.s | default \"d\" }}", "x d x")]
    [InlineData("{{ printf \"%s-%d-%v\" \"a\" 2 .Values.n }} {{ \"abcdef\" | trunc 3 }} {{ \"a-\" | trimSuffix \"-\" }}", "a-2-3 abc a")]
    [InlineData("{{ index (dict \"k\" \"v\") \"k\" }}{{ index (dict) \"missing\" | default \"-\" }}", "v-")]
    [InlineData("{{ uniq (concat (list \"a\" \"b\") (list \"b\" \"c\")) | len }} {{ has \"c\" (list \"c\") }}", "3 true")]
    [InlineData("{{ define \"t\" }}[{{ . }}]{{ end }}{{ include \"t\" \"x\" }}{{ template \"t\" 1 }}", "[x][1]")]
    [InlineData("k:\n  {{- toYaml .Values.map | nindent 2 }}", "k:\n  a: 1\n  b: 2")]
    [InlineData("{{ toYaml .Values.nested }}", "l:\n- 1\n- x: \"yes\"\n  \"y\": \"007\"\nm: {}\ns: |-\n  two\n  lines")]
    public void Go_template_semantics(string template, string expected)
    {
        Render(template).Should().Be(expected);
    }

    [Theory]
    [InlineData("{{ tpl \"x\" . }}", "function \"tpl\" is not supported")]
    [InlineData("{{ if false }}{{ lower \"X\" }}{{ end }}", "function \"lower\" is not supported")]
    [InlineData("{{ block \"x\" . }}{{ end }}", "block")]
    [InlineData("{{ range .Values.list }}{{ break }}{{ end }}", "break")]
    [InlineData("{{ .Values.missing }}", "has no field 'missing'")]
    [InlineData("{{ .Release.Revisions }}", "has no field 'Revisions'")]
    [InlineData("{{ .Capabilities.KubeVersion }}", "has no field 'Capabilities'")]
    [InlineData("{{ $undefined }}", "undefined variable $undefined")]
    [InlineData("{{ .Values.map }}", "cannot print a map")]
    [InlineData("{{ genCA \"ca\" .Values.n }}", "must be an int, got float64")]
    [InlineData("{{ printf \"%d\" .Values.n }}", "printf %d with a float64")]
    [InlineData("{{ eq .Values.n 3 }}", "incompatible types for comparison")]
    [InlineData("{{ .Values.s.field }}", "can't evaluate field field")]
    [InlineData("{{ if true }}unterminated", "has no {{end}}")]
    [InlineData("{{ end }}", "unexpected {{end}}")]
    [InlineData("{{ /* spaced */ }}", "malformed comment")]
    [InlineData("{{ fail \"stop\" }}", "fail: stop")]
    [InlineData("{{ required \"need c\" (index .Values.map \"c\") }}", "required: need c")]
    public void Unknown_or_wrong_constructs_fail_loudly(string template, string error)
    {
        var act = () => Render(template);

        act.Should().Throw<TemplateException>().WithMessage($"*{error}*");
    }

    [Fact]
    public void Every_chart_template_parses_and_passes_the_parse_time_checks()
    {
        TestChart.Chart.TemplateSources.Should().NotBeEmpty();
        var act = () => HelmChart.Load(RepoPaths.Chart);

        act.Should().NotThrow();
    }

    private const string Values = """
        n: 3
        big: 1000000
        half: 0.5
        s: x
        list: [a, b]
        empty: []
        map: {b: 2, a: 1}
        nested:
          s: "two\nlines"
          m: {}
          l: [1, {x: "yes", y: "007"}]
        """;

    private static string Render(string template)
    {
        var parsed = TemplateParser.Parse("test", template);
        TemplateChecker.Check(parsed);
        var values = TemplateValues.FromYaml(YamlTree.Parse(Values), ".Values");
        var release = new TemplateMap([KeyValuePair.Create<string, object?>("Name", "r"), KeyValuePair.Create<string, object?>("Revision", 1L)], strict: true, ".Release");
        var root = new TemplateMap([KeyValuePair.Create<string, object?>("Values", values), KeyValuePair.Create<string, object?>("Release", release)], strict: true, "the top-level object");
        return new TemplateEngine([parsed]).Render(parsed, root);
    }
}
