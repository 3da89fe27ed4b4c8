using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Benchmarks;

/// <summary>
/// The figure the issue asks for: one evaluation of the whole built-in pack on a realistic production
/// Deployment, already parsed (as a host hands it to the engine), on one thread. Min and Median are shown
/// next to Mean because a shared machine's noise only ever adds time.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class EvaluationBenchmarks
{
    private PolicyEngine _engine = null!;
    private EvaluationRequest _compliant = null!;
    private EvaluationRequest _nonCompliant = null!;
    private EvaluationRequest _compliantTimeLimited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new PolicyEngine(BenchmarkInputs.LoadPolicies("policies"));
        _compliant = BenchmarkInputs.Request(BenchmarkInputs.ReadObject(BenchmarkInputs.CompliantFile));
        _nonCompliant = BenchmarkInputs.Request(BenchmarkInputs.ReadObject(BenchmarkInputs.NonCompliantFile));
        _compliantTimeLimited = _compliant with { TimeLimit = TimeSpan.FromSeconds(10) };
        BenchmarkInputs.Expect(_engine.Evaluate(_compliant), compliant: true, BenchmarkInputs.CompliantFile);
        BenchmarkInputs.Expect(_engine.Evaluate(_nonCompliant), compliant: false, BenchmarkInputs.NonCompliantFile);
    }

    /// <summary>Whole pack, compliant Deployment: every rule runs, nothing is reported.</summary>
    [Benchmark(Baseline = true)]
    public EvaluationResult WholePackCompliant() => _engine.Evaluate(_compliant);

    /// <summary>Whole pack, non-compliant Deployment: violations, messages and patches are built.</summary>
    [Benchmark]
    public EvaluationResult WholePackNonCompliant() => _engine.Evaluate(_nonCompliant);

    /// <summary>Whole pack, compliant Deployment, with a time limit as the webhook always sets one.</summary>
    [Benchmark]
    public EvaluationResult WholePackCompliantTimeLimited() => _engine.Evaluate(_compliantTimeLimited);
}

/// <summary>
/// Turning the Deployment's text into a <see cref="JsonElement"/> before evaluating it: from YAML, as
/// <c>guardrails check</c> reads manifests, and, for comparison, from the same object as JSON, the form in
/// which an admission webhook receives it.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class YamlParseBenchmarks
{
    private string _text = null!;
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchmarkInputs.ReadText(BenchmarkInputs.CompliantFile);
        _json = JsonSerializer.SerializeToUtf8Bytes(BenchmarkInputs.ReadObject(BenchmarkInputs.CompliantFile));
    }

    /// <summary>As the CLI reads manifests: with the line and column of every value.</summary>
    [Benchmark(Baseline = true)]
    public object ParseWithPositions() => Guardrails.Yaml.YamlDocumentReader.Read(_text);

    /// <summary>The same without the source map, to show what positions cost.</summary>
    [Benchmark]
    public object ParseWithoutPositions() => Guardrails.Yaml.YamlDocumentReader.Read(_text, trackPositions: false);

    /// <summary>The same object as compact UTF-8 JSON, parsed by System.Text.Json (and disposed, as a request would).</summary>
    [Benchmark]
    public JsonValueKind ParseJson()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.ValueKind;
    }

    /// <summary>
    /// The floor under <see cref="ParseJson"/>: System.Text.Json's reader over the same bytes, every token read
    /// (and so every string scanned to its end and checked), nothing kept. What a parser that builds its own index
    /// on that reader could approach.
    /// </summary>
    [Benchmark]
    public int ReadJsonTokensOnly()
    {
        var reader = new Utf8JsonReader(_json);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The node tree from BlockYamlParser, the reader that takes plain block YAML (this document is such).</summary>
    [Benchmark]
    public object? FastReaderTreeOnly() =>
        Guardrails.Yaml.BlockYamlParser.TryParse(_text, 0, Guardrails.Yaml.YamlReadLimits.Default);

    /// <summary>The same tree from YamlDotNet's events, the path every other document takes.</summary>
    [Benchmark]
    public object? YamlDotNetTreeOnly()
    {
        var limits = Guardrails.Yaml.YamlReadLimits.Default;
        var scanned = Guardrails.Yaml.YamlEventScanner.Scan(_text, limits.MaxNodes);
        return new Guardrails.Yaml.YamlTreeBuilder(limits, 0).Build(scanned[0]).Root;
    }

    /// <summary>The floor: YamlDotNet's scanner and parser alone, every event read and dropped.</summary>
    [Benchmark]
    public int YamlDotNetEventsOnly()
    {
        var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(_text), skipComments: true));
        var events = 0;
        while (parser.MoveNext())
        {
            events++;
        }

        return events;
    }
}
