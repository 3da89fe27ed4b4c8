using System.Text;
using Guardrails.Fuzz.Oracles;

namespace Guardrails.Yaml.Tests;

/// <summary>
/// The fast reader must mean exactly what YamlDotNet means: wherever it accepts a document, its tree (values, styles,
/// positions) equals the tree built from YamlDotNet's events, and it never accepts a document YamlDotNet rejects.
/// </summary>
public sealed class BlockYamlParserTests
{
    private static readonly YamlReadLimits Limits = YamlReadLimits.Default;

    [Fact]
    public void Every_yaml_file_in_the_repository_reads_the_same_both_ways()
    {
        var files = new[] { "examples", "policies", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        files.Should().HaveCountGreaterThan(50);

        var accepted = 0;
        var chunks = 0;
        foreach (var file in files)
        {
            foreach (var chunk in DocumentChunks.Split(File.ReadAllText(file)))
            {
                chunks++;
                accepted += AgreesWithYamlDotNet(chunk.Text, chunk.LineOffset, file) ? 1 : 0;
            }
        }

        // Most documents in the repository are plain block YAML: the fast path is the common path.
        accepted.Should().BeGreaterThan(chunks / 2);
    }

    [Theory]
    [InlineData("deployment-noncompliant.yaml")]
    [InlineData("deployment-compliant.yaml")]
    public void The_benchmark_documents_take_the_fast_path(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", name));

        foreach (var chunk in DocumentChunks.Split(text))
        {
            AgreesWithYamlDotNet(chunk.Text, chunk.LineOffset, name).Should().BeTrue("{0} is plain block YAML", name);
        }
    }

    // What `helm template` renders for the chart `helm create` scaffolds (written out here; helm is not installed).
    private const string HelmCreateDeployment = """
        ---
        # Source: mychart/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: release-name-mychart
          labels:
            helm.sh/chart: mychart-0.1.0
            app.kubernetes.io/name: mychart
            app.kubernetes.io/instance: release-name
            app.kubernetes.io/version: "1.16.0"
            app.kubernetes.io/managed-by: Helm
        spec:
          replicas: 1
          selector:
            matchLabels:
              app.kubernetes.io/name: mychart
              app.kubernetes.io/instance: release-name
          template:
            metadata:
              labels:
                app.kubernetes.io/name: mychart
                app.kubernetes.io/instance: release-name
            spec:
              serviceAccountName: release-name-mychart
              securityContext:
                {}
              containers:
                - name: mychart
                  securityContext:
                    {}
                  image: "nginx:1.16.0"
                  imagePullPolicy: IfNotPresent
                  ports:
                    - name: http
                      containerPort: 80
                      protocol: TCP
                  livenessProbe:
                    httpGet:
                      path: /
                      port: http
                  resources:
                    {}

        """;

    [Fact]
    public void Helm_output_takes_the_fast_path() =>
        AgreesWithYamlDotNet(HelmCreateDeployment, 7, "helm create").Should().BeTrue();

    [Theory]
    [InlineData("a: 1\nb:\n  - x\n  - {c: d, e: [1, 'two', \"three\"]}\n")]
    [InlineData("---\n# comment\nkind: Pod\nmetadata:\n  labels: {app: web}\nspec:\n  containers:\n  - name: a\n    args: []\n")]
    [InlineData("a: 'it''s'\nb: \"x: y\"\nc: x:y\nd: http://e/f # note\n")]
    [InlineData("  indented: root\n  next: 1\r\n")]
    [InlineData("- a\n- b: c\n  d: e\n-   f: g\n")]
    [InlineData("resources:\n  {}\ntolerations:\n    []\nname:\n  \"quoted\"\nplain:\n  value # note\n")]
    [InlineData("a: |\n  line one\n\n    # not a comment\n  {{ x }}\n\n# a comment\nb: |-\n  x\n")]
    public void Plain_block_yaml_is_accepted(string yaml) =>
        AgreesWithYamlDotNet(yaml, 0, yaml).Should().BeTrue();

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !!str 1\n")]
    [InlineData("a: |+\n  text\n")]
    [InlineData("a: |2\n  text\n")]
    [InlineData("a: |\n  text")]
    [InlineData("a: >-\n  text\n")]
    [InlineData("a:\nb: 1\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a: multi\n  line\n")]
    [InlineData("a: \"esc\\n\"\n")]
    [InlineData("a: \"open\n  close\"\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: caf\u00e9\n")]
    [InlineData("%YAML 1.1\n---\na: 1\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("? a\n: b\n")]
    [InlineData("a: {b: c,\n  d: e}\n")]
    [InlineData("a: [b: c]\n")]
    [InlineData("a: {b:c}\n")]
    [InlineData("- - a\n")]
    [InlineData("check:\n  ($error != *ull): true\n")]
    [InlineData("a: b *c\n")]
    [InlineData("a: {b: c &d}\n")]
    [InlineData("-\n  a: b\n")]
    [InlineData("just a scalar\n")]
    [InlineData("# only a comment\n")]
    [InlineData("a: 1\n b: 2\n")]
    [InlineData("a: 1\n- b\n")]
    [InlineData("a: {b: ")]
    [InlineData("- {b:  ")]
    public void Anything_outside_the_subset_is_declined(string yaml) =>
        BlockYamlParser.TryParseStrict(yaml, 0, Limits).Should().BeNull();

    [Fact]
    public void Documents_deeper_than_half_the_depth_limit_are_left_to_yamldotnet()
    {
        var limits = new YamlReadLimits { MaxDepth = 10 };
        var deep = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            deep.Append(' ', i * 2).Append('k').Append(i).Append(":\n");
        }

        deep.Append(' ', 16).Append("leaf: 1\n");

        BlockYamlParser.TryParseStrict(deep.ToString(), 0, limits).Should().BeNull();
        BlockYamlParser.TryParseStrict(deep.ToString(), 0, Limits).Should().NotBeNull();
    }

    [Fact]
    public void Its_recursion_stays_shallow_whatever_the_limits()
    {
        var limits = new YamlReadLimits { MaxDepth = 1000 };
        var deep = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            deep.Append(' ', i).Append("k:\n");
        }

        deep.Append(' ', 100).Append("leaf: 1\n");

        BlockYamlParser.TryParseStrict(deep.ToString(), 0, limits).Should().BeNull();
        YamlDocumentReader.Read(deep.ToString(), limits).Should().ContainSingle().Which.Error.Should().BeNull();
    }

    [Fact]
    public void Generated_documents_read_the_same_both_ways()
    {
        var random = new Random(20261202);
        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var yaml = new YamlGenerator(random).Document();
            accepted += AgreesWithYamlDotNet(yaml, random.Next(3), yaml) ? 1 : 0;
        }

        // The generator mostly writes the subset; a generator whose documents were all declined would prove nothing.
        accepted.Should().BeGreaterThan(2000);
    }

    [Fact]
    public void Mutated_repository_documents_read_the_same_both_ways()
    {
        var random = new Random(1202);
        var sources = new[] { "examples", Path.Combine("policies", "tests"), Path.Combine("tests", "Guardrails.Benchmarks"), Path.Combine("tests", "Guardrails.Engine.Tests", "Fixtures"), Path.Combine("tests", "Guardrails.Engine.Tests", "Conformance") }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => DocumentChunks.Split(File.ReadAllText(f)).Select(c => c.Text))
            .Where(t => BlockYamlParser.TryParseStrict(t, 0, Limits) is not null)
            .ToList();
        sources.Should().NotBeEmpty();

        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var yaml = Mutate(sources[random.Next(sources.Count)], random);
            accepted += AgreesWithYamlDotNet(yaml, 0, yaml) ? 1 : 0;
        }

        accepted.Should().BeGreaterThan(1000);
    }

    private static readonly string[] Insertions =
        [":", ": ", " #", "#", "-", "- ", "'", "\"", "{", "}", "[", "]", ",", "?", "? ", "&a ", "*a", "!", "|", ">", "%", "@", "`", "\\", "\t", "\r", "\u00e9", " ", "  ", "\n", "\n  ", "---", "...", "<<: ", "~", "''"];

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, Insertions[random.Next(Insertions.Length)]);
                    break;
                case 2:
                    // Re-indent the line holding the position.
                    var lineStart = at;
                    while (lineStart > 0 && builder[lineStart - 1] != '\n')
                    {
                        lineStart--;
                    }

                    if (random.Next(2) == 0)
                    {
                        builder.Insert(lineStart, new string(' ', 1 + random.Next(3)));
                    }
                    else if (builder[lineStart] == ' ')
                    {
                        builder.Remove(lineStart, 1);
                    }

                    break;
                default:
                    builder[at] = Insertions[random.Next(Insertions.Length)][0];
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// True when the fast reader accepted the text; then YamlDotNet must read it as exactly one document with the same
    /// tree. Declining is always allowed.
    /// </summary>
    private static bool AgreesWithYamlDotNet(string text, int lineOffset, string what)
    {
        var fast = BlockYamlParser.TryParseStrict(text, lineOffset, Limits);
        if (fast is null)
        {
            return false;
        }

        var scanned = YamlEventScanner.Scan(text, Limits.MaxNodes);
        var builder = new YamlTreeBuilder(Limits, lineOffset);
        var (root, error, endOfStream) = builder.Build(scanned[0]);
        error.Should().BeNull("the fast reader accepted text that YamlDotNet rejects ({0}):\n{1}", what, text);
        endOfStream.Should().BeFalse("YamlDotNet found no document in:\n{0}", text);
        scanned.Should().HaveCount(2, "YamlDotNet must find exactly one document in:\n{0}", text);
        builder.Build(scanned[1]).Error.Should().BeNull("YamlDotNet rejects the rest of:\n{0}", text);
        YamlTree.Describe(fast).Should().Be(YamlTree.Describe(root!), "the trees must agree for ({0}):\n{1}", what, text);
        return true;
    }

    /// <summary>Writes random block YAML, mostly inside the fast reader's subset, with tricky scalars and layout.</summary>
    private sealed class YamlGenerator(Random random)
    {
        private static readonly string[] Words =
            ["a", "name", "app.kubernetes.io/name", "true", "no", "~", "null", "0x1F", "-1", "1.5e3", "-x", "?y", ":z", "a:b", "http://h:8080/p", "it's", "say \"hi\"", "a b", "a#b", "-", "?", ":", "a,b", "a[0]", "{x}", "[y]", "&x", "*x", "!x", "|", ">", "%x", "@x", "`x", "a: b", "a #b", "x:", "''", "\"\"", "1024Mi", "500m", "<<", "yes", "ON", "0o17", "+1", ".5", "2026-12-02",
             "a *b", "a &b", "a !b", "($x != *y)", "a |b", "a >b", "a %b", "a @b", "a `b", "a ?b", "a -b", "(x)", "=(y)", "^(z)", "a ]b", "a }b"];

        private readonly StringBuilder _out = new();
        private readonly string _newline = random.Next(5) == 0 ? "\r\n" : "\n";

        public string Document()
        {
            if (random.Next(4) == 0)
            {
                _out.Append("---").Append(random.Next(3) == 0 ? " # start" : string.Empty).Append(_newline);
            }

            var indent = random.Next(4) == 0 ? random.Next(1, 3) : 0;
            if (random.Next(4) == 0)
            {
                Sequence(indent, 0);
            }
            else
            {
                Mapping(indent, 0);
            }

            return _out.ToString();
        }

        private void Mapping(int indent, int depth)
        {
            var keys = 1 + random.Next(4);
            for (var k = 0; k < keys; k++)
            {
                Noise(indent);
                _out.Append(' ', indent).Append(Scalar(flow: false)).Append(':');
                Value(indent, depth);
            }
        }

        private void Sequence(int indent, int depth)
        {
            var items = 1 + random.Next(3);
            for (var i = 0; i < items; i++)
            {
                Noise(indent);
                _out.Append(' ', indent).Append('-').Append(' ', 1 + (random.Next(6) == 0 ? random.Next(3) : 0));
                if (depth < 5 && random.Next(3) == 0)
                {
                    // A compact mapping: its further keys line up under the first.
                    var column = _out.Length - LastLineStart();
                    _out.Append(Scalar(flow: false)).Append(':');
                    Value(column, depth + 1);
                    if (random.Next(2) == 0)
                    {
                        _out.Append(' ', column).Append(Scalar(flow: false)).Append(':');
                        Value(column, depth + 1);
                    }
                }
                else
                {
                    _out.Append(Inline(depth)).Append(Comment()).Append(_newline);
                }
            }
        }

        private void Value(int indent, int depth)
        {
            switch (depth < 5 ? random.Next(5) : 0)
            {
                case 0 or 1:
                    _out.Append(' ').Append(Inline(depth)).Append(Comment()).Append(_newline);
                    break;
                case 2:
                    _out.Append(Comment()).Append(_newline);
                    Mapping(indent + 1 + random.Next(3), depth + 1);
                    break;
                case 3:
                    _out.Append(Comment()).Append(_newline);
                    Sequence(random.Next(2) == 0 ? indent : indent + 2, depth + 1);
                    break;
                case 4 when random.Next(2) == 0:
                    Literal(indent);
                    break;
                case 4 when random.Next(2) == 0:
                    // The value alone on the next line, as `toYaml | nindent` writes it.
                    _out.Append(Comment()).Append(_newline).Append(' ', indent + 1 + random.Next(3))
                        .Append(random.Next(2) == 0 ? Flow(depth) : Scalar(flow: false)).Append(Comment()).Append(_newline);
                    break;
                default:
                    _out.Append(' ').Append(Flow(depth)).Append(_newline);
                    break;
            }
        }

        private void Literal(int indent)
        {
            _out.Append(' ').Append(random.Next(3) == 0 ? "|-" : "|").Append(Comment()).Append(_newline);
            var inner = indent + 1 + random.Next(3);
            var lines = 1 + random.Next(4);
            for (var i = 0; i < lines; i++)
            {
                switch (random.Next(6))
                {
                    case 0:
                        _out.Append(' ', random.Next(inner + 1)).Append(_newline);
                        break;
                    case 1:
                        _out.Append(' ', inner + random.Next(3)).Append("# kept").Append(_newline);
                        break;
                    default:
                        _out.Append(' ', inner).Append(Words[random.Next(Words.Length)]).Append(_newline);
                        break;
                }
            }

            if (random.Next(3) == 0)
            {
                _out.Append(_newline);
            }
        }

        private string Inline(int depth) => random.Next(5) == 0 ? Flow(depth) : Scalar(flow: false);

        private string Flow(int depth)
        {
            var mapping = random.Next(2) == 0;
            var count = random.Next(4);
            var parts = Enumerable.Range(0, count).Select(_ =>
            {
                var value = depth < 4 && random.Next(5) == 0 ? Flow(depth + 1) : Scalar(flow: true);
                return mapping ? $"{Scalar(flow: true)}: {value}" : value;
            });
            var space = random.Next(2) == 0 ? " " : string.Empty;
            return mapping ? $"{{{space}{string.Join(", ", parts)}{space}}}" : $"[{space}{string.Join(", ", parts)}{space}]";
        }

        private string Scalar(bool flow)
        {
            var word = Words[random.Next(Words.Length)];
            return random.Next(6) switch
            {
                0 => "'" + word.Replace("'", "''", StringComparison.Ordinal) + "'",
                1 when !word.Contains('"', StringComparison.Ordinal) => "\"" + word + "\"",
                _ when flow => word.Replace(",", string.Empty, StringComparison.Ordinal),
                _ => word,
            };
        }

        private string Comment() => random.Next(6) == 0 ? " # c" : string.Empty;

        private void Noise(int indent)
        {
            switch (random.Next(12))
            {
                case 0:
                    _out.Append(_newline);
                    break;
                case 1:
                    _out.Append(' ', random.Next(indent + 3)).Append("# note").Append(_newline);
                    break;
            }
        }

        private int LastLineStart()
        {
            for (var i = _out.Length - 1; i >= 0; i--)
            {
                if (_out[i] == '\n')
                {
                    return i + 1;
                }
            }

            return 0;
        }
    }
}
