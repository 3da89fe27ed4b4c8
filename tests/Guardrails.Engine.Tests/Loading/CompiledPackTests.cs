using System.Text;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Tests.Loading;

public sealed class CompiledPackTests
{
    [Fact]
    public void The_compiled_built_in_pack_judges_every_fixture_as_its_sources_do()
    {
        var (sources, readProblems) = PolicyFileReader.Read([RepoPaths.Policies]);
        readProblems.Should().BeEmpty();
        var fromSources = PolicyLoader.Load(sources).PolicySet!;
        var (pack, problems) = CompiledPack.Compile(sources);
        problems.Should().BeEmpty();

        var compiled = CompiledPack.Load(pack, "built-in");

        compiled.Problems.Should().BeEmpty();
        var set = compiled.PolicySet!;
        set.Revision.Should().Be(fromSources.Revision);
        Describe(set).Should().Equal(Describe(fromSources));
        var objects = FixtureObjects().ToList();
        objects.Should().HaveCountGreaterThan(100);
        foreach (var (file, document) in objects)
        {
            var request = new EvaluationRequest { Object = document.Root, Namespace = "payments-prod", NamespaceLabels = new Dictionary<string, string> { ["env"] = "prod" } };
            Judge(set, request).Should().Be(Judge(fromSources, request), $"{file} document {document.Index} is judged alike");
        }
    }

    [Fact]
    public void Sources_with_problems_give_the_loaders_problems_and_no_pack()
    {
        var broken = TestPolicies.Policy("""
                - id: r1
                  target: object
                  schema: {type: object, frobnicate: true}
                  message: m
            """);
        var sources = new[] { new PolicyFile("a.yaml", broken) };

        var (pack, problems) = CompiledPack.Compile(sources);

        pack.Should().BeNull();
        problems.Should().Equal(PolicyLoader.Load(sources).Problems);
        problems.Should().Contain(p => p.File == "a.yaml" && p.Line > 0 && p.Message.Contains("unknown keyword 'frobnicate'"));
    }

    [Fact]
    public void A_pack_holds_each_policy_document_once_in_load_order()
    {
        var first = TestPolicies.Policy(Rule, id: "first") + "\n---\n" + TestPolicies.Policy(Rule, id: "second");
        var (pack, _) = CompiledPack.Compile([new PolicyFile("a.yaml", first), new PolicyFile("b.yaml", TestPolicies.Policy(Rule, id: "third"))]);

        var set = CompiledPack.Load(pack, "pack").PolicySet!;

        set.Policies.Select(p => (p.Id, p.Source)).Should().Equal(("first", "a.yaml"), ("second", "a.yaml"), ("third", "b.yaml"));
    }

    [Theory]
    [InlineData("not json", "pack: is not a compiled policy pack: ")]
    [InlineData("[]", "pack: is not a compiled policy pack of format 1")]
    [InlineData("""{"format":2,"revision":"r","policies":[]}""", "pack: is not a compiled policy pack of format 1")]
    [InlineData("""{"format":1,"revision":"r","policies":[]}""", "pack: the compiled pack holds no policy")]
    [InlineData("""{"format":1,"revision":"r","policies":[{"source":"a.yaml"}]}""", "pack: policy 0 of the compiled pack has no source or document")]
    [InlineData("""{"format":1,"revision":"r","policies":[{"source":"a.yaml","document":{"spec":{"rules":3}}}]}""", "a.yaml: policy 0 of the compiled pack cannot be read: ")]
    public void A_damaged_pack_is_a_problem_never_an_exception(string pack, string problem)
    {
        var result = CompiledPack.Load(Encoding.UTF8.GetBytes(pack), "pack");

        result.PolicySet.Should().BeNull();
        result.Problems.Should().NotBeEmpty();
        result.Problems[0].ToString().Should().StartWith(problem);
    }

    [Fact]
    public void A_repeated_policy_id_in_a_pack_is_a_problem()
    {
        var (pack, _) = CompiledPack.Compile([new PolicyFile("a.yaml", TestPolicies.Policy(Rule))]);
        var text = Encoding.UTF8.GetString(pack!);
        var entry = text[(text.IndexOf("[{", StringComparison.Ordinal) + 1)..text.LastIndexOf(']')];
        var twice = text.Replace(entry, entry + "," + entry, StringComparison.Ordinal);

        var result = CompiledPack.Load(Encoding.UTF8.GetBytes(twice), "pack");

        result.Problems.Should().ContainSingle().Which.Message.Should().StartWith("duplicate policy id 'test-policy'");
    }

    [Fact]
    public async Task A_load_shared_by_threads_compiles_every_policy_once_and_keeps_the_packs_order()
    {
        var sources = Enumerable.Range(0, 40).Select(i => new PolicyFile($"p{i:D2}.yaml", TestPolicies.Policy(Rule, id: $"policy-{i:D2}"))).ToList();
        var (pack, _) = CompiledPack.Compile(sources);
        var load = CompiledPackLoad.Begin(pack, "pack");

        var helpers = Enumerable.Range(0, 3).Select(_ => Task.Run(load.Help)).ToArray();
        var result = load.Complete();
        await Task.WhenAll(helpers);

        result.Problems.Should().BeEmpty();
        result.PolicySet!.Policies.Select(p => (p.Id, p.Source)).Should().Equal(sources.Select((s, i) => ($"policy-{i:D2}", s.Name)));
        result.PolicySet.Revision.Should().Be(PolicyLoader.Load(sources).PolicySet!.Revision);
    }

    private const string Rule = """
            - id: r1
              target: object
              schema: {type: object}
              message: m
        """;

    private static IEnumerable<string> Describe(PolicySet set) =>
        set.Policies.SelectMany(p => p.Rules.Select(r =>
            $"{p.Source} {p.Id} {p.Title} {p.Category} {p.Severity} {p.Action} {p.SelectsNamespacesByLabel} | {r.Id} {r.Title} {r.Target} {string.Join(',', r.ContainerTypes)} {r.Action} {r.Severity} {r.CanMutate} {r.Remediation} {r.Description}"));

    private static string Judge(PolicySet set, EvaluationRequest request)
    {
        var result = new PolicyEngine(set).Evaluate(request);
        var lines = result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId} {v.Action} {v.Severity} {v.Pointer} {v.Detail} {v.Message} {v.Container} {PatchOperation.ToJson(v.Patch)} {v.FixWithheld}")
            .Concat(result.Errors.Select(e => $"error {e.PolicyId}/{e.RuleId} {e.Message}"))
            .Append($"patch {PatchOperation.ToJson(result.Patch)} applied {string.Join(',', result.AppliedPolicies)} revision {result.Revision}");
        return string.Join('\n', lines);
    }

    // Every document of the policies' own fixtures and of the examples: pods, workloads, autoscalers, namespaces.
    private static IEnumerable<(string File, SourceDocument Document)> FixtureObjects() =>
        Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml", SearchOption.AllDirectories).Where(f => f.Contains("/tests/", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(RepoPaths.Examples, "*.yaml"))
            .Order(StringComparer.Ordinal)
            .SelectMany(file => YamlDocumentReader.Read(File.ReadAllText(file))
                .Where(d => d.Root is { ValueKind: System.Text.Json.JsonValueKind.Object } root && root.TryGetProperty("kind", out _))
                .Select(d => (file, d)));
}
