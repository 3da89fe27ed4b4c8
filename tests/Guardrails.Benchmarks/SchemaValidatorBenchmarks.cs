using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;
using Guardrails.Yaml;
using Json.Schema;

namespace Guardrails.Benchmarks;

/// <summary>
/// The engine's JSON Schema validator against JsonSchema.Net 8.0.5 on the built-in pack's rule schemas, each applied
/// to its targets in a benchmark Deployment (every selected container, the pod spec or the object), as a yes/no
/// verdict: the engine stopping at the first failure, JsonSchema.Net with the flag output. The setup checks that both
/// give the same verdict on every pair. Rules with the engine's own quantity keywords are left out: JsonSchema.Net
/// would ignore them and so do less work.
/// </summary>
[MemoryDiagnoser]
public class SchemaValidatorBenchmarks
{
    private static readonly EvaluationOptions FlagOutput = new() { OutputFormat = OutputFormat.Flag };

    private readonly ValidationContext _context = new();
    private (CompiledSchema Ours, JsonSchema Theirs, JsonElement[] Targets)[] _rules = [];

    /// <summary>Which benchmark Deployment.</summary>
    [Params(BenchmarkInputs.CompliantFile, BenchmarkInputs.NonCompliantFile)]
    public string Input { get; set; } = BenchmarkInputs.CompliantFile;

    /// <summary>How many rule schemas and (rule, target) pairs are compared.</summary>
    public (int Rules, int Pairs) Size => (_rules.Length, _rules.Sum(r => r.Targets.Length));

    [GlobalSetup]
    public void Setup()
    {
        var root = BenchmarkInputs.ReadObject(Input);
        var rules = new List<(CompiledSchema, JsonSchema, JsonElement[])>();
        foreach (var file in Directory.EnumerateFiles(BenchmarkInputs.PoliciesFolder, "policy.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var policy = YamlDocumentReader.Read(File.ReadAllText(file))[0].Root!.Value;
            foreach (var rule in policy.GetProperty("spec").GetProperty("rules").EnumerateArray())
            {
                var schema = rule.GetProperty("schema");
                if (schema.GetRawText().Contains("quantityM", StringComparison.Ordinal))
                {
                    continue;
                }

                var ours = SchemaCompiler.Compile(schema).Schema ?? throw new InvalidOperationException($"{file}: a rule schema does not compile");
                var theirs = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 }, new Uri($"https://pack.invalid/{rules.Count}"));
                rules.Add((ours, theirs, Targets(root, rule)));
            }
        }

        _rules = [.. rules];
        if (Guardrails() != JsonSchemaNet())
        {
            throw new InvalidOperationException($"{Input}: the two validators disagree on some rule");
        }

        foreach (var (ours, theirs, targets) in _rules)
        {
            foreach (var target in targets)
            {
                _context.Reset();
                if (ours.Validate(target, _context) != theirs.Evaluate(target, FlagOutput).IsValid)
                {
                    throw new InvalidOperationException($"{Input}: the two validators disagree on {target.GetRawText()[..Math.Min(80, target.GetRawText().Length)]}");
                }
            }
        }
    }

    /// <summary>The engine's validator on every (rule, target) pair; returns how many passed.</summary>
    [Benchmark(Baseline = true)]
    public int Guardrails()
    {
        var passed = 0;
        foreach (var (ours, _, targets) in _rules)
        {
            foreach (var target in targets)
            {
                _context.Reset();
                passed += ours.Validate(target, _context) ? 1 : 0;
            }
        }

        return passed;
    }

    /// <summary>JsonSchema.Net on every (rule, target) pair; returns how many passed.</summary>
    [Benchmark]
    public int JsonSchemaNet()
    {
        var passed = 0;
        foreach (var (_, theirs, targets) in _rules)
        {
            foreach (var target in targets)
            {
                passed += theirs.Evaluate(target, FlagOutput).IsValid ? 1 : 0;
            }
        }

        return passed;
    }

    private static JsonElement[] Targets(JsonElement deployment, JsonElement rule)
    {
        var pod = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec");
        return rule.GetProperty("target").GetString() switch
        {
            "object" => [deployment],
            "pod" => [pod],
            _ => [.. ContainerTypes(rule).SelectMany(type => pod.TryGetProperty(type, out var list) ? list.EnumerateArray() : [])],
        };
    }

    private static IEnumerable<string> ContainerTypes(JsonElement rule) =>
        rule.TryGetProperty("containerTypes", out var types)
            ? types.EnumerateArray().Select(t => t.GetString()!)
            : ["containers", "initContainers", "ephemeralContainers"];
}
