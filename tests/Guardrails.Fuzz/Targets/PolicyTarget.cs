using System.Reflection;
using System.Text;
using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Fuzz.Targets;

/// <summary>
/// The policy loader on one policy file. It never throws; a load gives a policy set or problems, never both or
/// neither; every problem names the file and a line and column; and a set that loads judges the bundled example
/// objects without an internal error.
/// </summary>
internal sealed class PolicyTarget : FuzzTarget
{
    public const string TargetName = "policy";

    private const string FileName = "fuzz/policy.yaml";

    private readonly List<JsonElement> _objects = ExampleObjects();

    public override string Name => TargetName;

    // Loading compiles schemas and regexes, and a pattern may run up to its 200 ms limit on each example object.
    public override TimeSpan Bound => TimeSpan.FromSeconds(10);

    public override void Run(byte[] input)
    {
        var result = PolicyLoader.Load([new PolicyFile(FileName, Encoding.UTF8.GetString(input))]);
        if ((result.PolicySet is null) == (result.Problems.Count == 0))
        {
            throw new FuzzFinding($"a load must give a policy set or problems: set {(result.PolicySet is null ? "absent" : "present")}, {result.Problems.Count} problems");
        }

        foreach (var problem in result.Problems)
        {
            if (problem.File != FileName || problem.Line < 1 || problem.Column < 1 || problem.Message.Length == 0)
            {
                throw new FuzzFinding($"a load problem without its file, position or message: {problem}");
            }
        }

        if (result.PolicySet is not { } policies)
        {
            return;
        }

        var engine = new PolicyEngine(policies);
        foreach (var obj in _objects)
        {
            var evaluation = engine.Evaluate(new EvaluationRequest { Object = obj, Namespace = "payments-prod", TimeLimit = TimeSpan.FromSeconds(3) });
            if (evaluation.Errors.FirstOrDefault(e => e.Message.StartsWith("internal error", StringComparison.Ordinal)) is { } error)
            {
                throw new FuzzFinding($"the engine threw while judging an example with the loaded policy: {error.Message}");
            }
        }
    }

    private static List<JsonElement> ExampleObjects()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var objects = new List<JsonElement>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("examples/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            objects.AddRange(YamlDocumentReader.Read(reader.ReadToEnd(), trackPositions: false).Where(d => d.Root is not null).Select(d => d.Root!.Value));
        }

        return objects.Count > 0 ? objects : throw new InvalidOperationException("no example objects are embedded");
    }
}
