using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Guardrails.Yaml;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Benchmarks;

/// <summary>
/// The pack's regular expressions on the strings of the compliant Deployment they are applied to. Each
/// operation checks every input once: through the engine (a schema holding only that <c>pattern</c>, compiled by
/// <see cref="SchemaCompiler"/>, so whatever the engine does with patterns is measured; run speculatively, as the
/// pack runs the credential patterns, under <c>if</c> and <c>not</c>), and with plain <see cref="Regex"/> objects,
/// interpreted and compiled, with the engine's 200 ms match time-out.
/// </summary>
[MemoryDiagnoser]
public class PatternBenchmarks
{
    private static readonly Dictionary<string, string> Locations = new(StringComparer.Ordinal)
    {
        ["image-tag"] = "image-tag/pinned-tag:/properties/image/pattern",
        ["credential-name"] = "vault-only-secrets/no-literal-credentials:/definitions/credentialName/pattern",
        ["credential-value"] = "vault-only-secrets/no-literal-credentials:/definitions/credentialValue/pattern",
    };

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly ValidationContext _context = new();
    private string _pattern = "";
    private JsonElement[] _elements = [];
    private string[] _inputs = [];
    private CompiledSchema _schema = null!;
    private Regex _interpreted = null!;
    private Regex _compiled = null!;

    /// <summary>
    /// Which pattern (see <see cref="Locations"/>) and so which strings: every image, every env name, or
    /// every literal env value of the Deployment's init and regular containers.
    /// </summary>
    [Params("image-tag", "credential-name", "credential-value")]
    public string Pattern { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _pattern = ReadPattern(Locations[Pattern]);
        var (schema, problems) = SchemaCompiler.Compile(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["pattern"] = _pattern }));
        _schema = schema ?? throw new InvalidOperationException($"{Pattern}: {string.Join("; ", problems.Select(p => p.Message))}");
        _interpreted = new Regex(_pattern, RegexOptions.CultureInvariant, MatchTimeout);
        _compiled = new Regex(_pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
        var root = BenchmarkInputs.ReadObject(BenchmarkInputs.CompliantFile);
        _elements = Pattern switch
        {
            "image-tag" => [.. Strings(root, c => [c.GetProperty("image")])],
            "credential-name" => [.. Strings(root, c => Env(c).Select(e => e.GetProperty("name")))],
            _ => [.. Strings(root, c => Env(c).Where(e => e.TryGetProperty("value", out _)).Select(e => e.GetProperty("value")))],
        };
        _inputs = [.. _elements.Select(e => e.GetString()!)];
        var expected = InterpretedRegex();
        if (CompiledRegex() != expected || Engine() != expected)
        {
            throw new InvalidOperationException($"{Pattern}: the engine and the plain regular expressions disagree");
        }
    }

    /// <summary>The engine's pattern keyword on every input, in steady state; returns how many matched.</summary>
    [Benchmark(Baseline = true)]
    public int Engine()
    {
        var matches = 0;
        foreach (var element in _elements)
        {
            _context.Reset();
            _context.BeginSpeculation();
            if (_schema.Validate(element, _context))
            {
                matches++;
            }

            _context.EndSpeculation();
        }

        return matches;
    }

    [Benchmark]
    public int InterpretedRegex() => MatchAll(_interpreted);

    [Benchmark]
    public int CompiledRegex() => MatchAll(_compiled);

    /// <summary>What <see cref="RegexOptions.Compiled"/> costs once: construction and the first match.</summary>
    [Benchmark]
    public bool BuildCompiledRegex() => new Regex(_pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout).IsMatch(_inputs[0]);

    private int MatchAll(Regex regex)
    {
        var matches = 0;
        foreach (var input in _inputs)
        {
            if (regex.IsMatch(input))
            {
                matches++;
            }
        }

        return matches;
    }

    private static string ReadPattern(string key)
    {
        var (rulePath, pointer) = (key[..key.IndexOf(':', StringComparison.Ordinal)], key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var (policyId, ruleId) = (rulePath[..rulePath.IndexOf('/', StringComparison.Ordinal)], rulePath[(rulePath.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var policy = YamlDocumentReader.Read(File.ReadAllText(Path.Combine(BenchmarkInputs.PoliciesFolder, policyId, "policy.yaml")))[0].Root!.Value;
        var rule = policy.GetProperty("spec").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == ruleId);
        return JsonPointer.TryParse(pointer, out var tokens) && JsonPointer.TryResolve(rule.GetProperty("schema"), tokens, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidOperationException($"{key}: no pattern there any more; update the benchmark");
    }

    private static JsonElement[] Env(JsonElement container) =>
        container.TryGetProperty("env", out var env) ? [.. env.EnumerateArray()] : [];

    private static IEnumerable<JsonElement> Strings(JsonElement root, Func<JsonElement, IEnumerable<JsonElement>> select)
    {
        var spec = root.GetProperty("spec").GetProperty("template").GetProperty("spec");
        foreach (var field in (string[])["initContainers", "containers"])
        {
            foreach (var container in spec.GetProperty(field).EnumerateArray())
            {
                foreach (var value in select(container))
                {
                    yield return value;
                }
            }
        }
    }
}

/// <summary>
/// A failing keyword inside <c>not</c>, <c>anyOf</c> or <c>if</c> records nothing; this measures what such a
/// throw-away failure costs (message formatting included, if the engine formats it), against a reported one.
/// The schema is the pack's credentialValue pattern, on a harmless value it does not match.
/// </summary>
[MemoryDiagnoser]
public class FailureMessageBenchmarks
{
    private const string CredentialValue = @"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[baprs]-[A-Za-z0-9-]{10,}";

    private readonly ValidationContext _context = new();
    private CompiledSchema _schema = null!;
    private JsonElement _value;

    [GlobalSetup]
    public void Setup()
    {
        _schema = SchemaCompiler.Compile(JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["pattern"] = CredentialValue })).Schema!;
        _value = JsonSerializer.SerializeToElement("kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092");
    }

    /// <summary>As under <c>not</c>: the failure decides a branch and is thrown away.</summary>
    [Benchmark(Baseline = true)]
    public bool SpeculativeFailure()
    {
        _context.Reset();
        _context.BeginSpeculation();
        var valid = _schema.Validate(_value, _context);
        _context.EndSpeculation();
        return valid;
    }

    /// <summary>A reported failure, for comparison: the message and its pointer are kept.</summary>
    [Benchmark]
    public bool ReportedFailure()
    {
        _context.Reset();
        return _schema.Validate(_value, _context);
    }
}
