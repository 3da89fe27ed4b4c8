using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Autoscaling;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Files;
using Guardrails.Engine.Hosts;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Testing;

/// <summary>
/// Runs the fixtures of a policy folder (<c>&lt;policy&gt;/tests/*.yaml</c> of <c>kind: PolicyTest</c>): each case's
/// objects must break exactly the expected rules at the expected places, and every mutation must converge.
/// </summary>
internal sealed class PolicyTestRunner(PolicySet policies)
{
    /// <summary>The <c>PolicyTest</c> files in <c>tests/</c> folders below <paramref name="root"/> (regular files only, each real folder once).</summary>
    public static IEnumerable<string> FindTestFiles(string root) =>
        FolderWalker.Walk(root)
            .Where(entry => entry.Kind == PathKind.File && (entry.Name.EndsWith(".yaml", StringComparison.Ordinal) || entry.Name.EndsWith(".yml", StringComparison.Ordinal)))
            .Select(entry => entry.Path)
            .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Contains("tests"))
            .Where(IsPolicyTest)
            .Order(StringComparer.Ordinal);

    public IReadOnlyList<CaseOutcome> RunFile(string path)
    {
        var document = YamlDocumentReader.Read(File.ReadAllText(path))[0];
        if (document.Error is { } error)
        {
            return [new CaseOutcome(path, "(test file)", false, [$"{path}:{error.Position}: {error.Message}"])];
        }

        PolicyTestDocument test;
        try
        {
            test = document.Root!.Value.Deserialize(PolicyTestJsonContext.Default.PolicyTestDocument)!;
        }
        catch (JsonException ex)
        {
            var pointer = ex.Path is null ? string.Empty : ex.Path.TrimStart('$').Replace('.', '/').Replace("[", "/", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
            var position = document.Map.Find(pointer) ?? document.Start;
            return [new CaseOutcome(path, "(test file)", false, [$"{path}:{position}: {ex.Message}"])];
        }

        if (policies.Find(test.Metadata.Name) is not { } policy)
        {
            return [new CaseOutcome(path, "(test file)", false, [$"{path}: no policy '{test.Metadata.Name}' is loaded"])];
        }

        var folder = Path.GetDirectoryName(path)!;
        if (test.Spec.Today is { } today && !DateTimeOffset.TryParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            var position = document.Map.Find("/spec/today") ?? document.Start;
            return [new CaseOutcome(path, "(test file)", false, [$"{path}:{position}: spec.today '{today}' is not a date (YYYY-MM-DD)"])];
        }

        var (engine, engineProblems) = CreateEngine(test.Spec, folder);
        if (engine is null)
        {
            return [new CaseOutcome(path, "(exemptions)", false, engineProblems)];
        }

        return test.Spec.Cases.Select(c => RunCase(path, folder, test.Spec, policy, engine, c)).ToList();
    }

    private (PolicyEngine? Engine, IReadOnlyList<string> Problems) CreateEngine(PolicyTestSpec spec, string folder)
    {
        var exemptions = ExemptionSet.Empty;
        if (spec.Exemptions is { } exemptionsFile)
        {
            var (loaded, problems) = ExemptionLoader.LoadFile(Path.Combine(folder, exemptionsFile), policies);
            if (loaded is null)
            {
                return (null, problems.Select(p => p.ToString()).ToList());
            }

            exemptions = loaded;
        }

        TimeProvider time = spec.Today is { } today
            ? new FixedTime(DateTimeOffset.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
            : TimeProvider.System;
        return (new PolicyEngine(policies, exemptions, time), []);
    }

    private static CaseOutcome RunCase(string path, string folder, PolicyTestSpec spec, Policy policy, PolicyEngine engine, PolicyTestCase testCase)
    {
        var details = new List<string>();
        var file = Path.Combine(folder, testCase.File);
        var status = PathStatus.Of(file);
        if (status.Kind != PathKind.File)
        {
            return new CaseOutcome(path, testCase.Name, false, [status.Kind == PathKind.Missing ? $"fixture {testCase.File} does not exist" : $"fixture {testCase.File} is {status.Description}, not a file"]);
        }

        var documents = YamlDocumentReader.Read(File.ReadAllText(file)).Where(d => !d.IsEmpty).ToList();
        var selected = testCase.Document is { } index ? documents.Where(d => d.Index == index).ToList() : documents;
        if (selected.Count == 0)
        {
            return new CaseOutcome(path, testCase.Name, false, [$"{testCase.File} holds no document {testCase.Document}"]);
        }

        var (autoscalers, objectProblems) = Autoscalers(folder, testCase);
        if (objectProblems.Count > 0)
        {
            return new CaseOutcome(path, testCase.Name, false, objectProblems);
        }

        var expected = testCase.Expect.Select(e => $"{e.Policy ?? policy.Id}/{e.Rule} at {e.Pointer}").Order(StringComparer.Ordinal).ToList();
        foreach (var document in selected)
        {
            if (document.Error is { } error)
            {
                details.Add($"{testCase.File}:{error.Position}: {error.Message}");
                continue;
            }

            var request = Request(document.Root!.Value, spec, testCase) with { Autoscalers = autoscalers };
            var result = engine.Evaluate(request);
            details.AddRange(result.Errors.Select(e => $"{testCase.File} document {document.Index}: error: {e.Message}"));
            var actual = result.Violations
                .Where(v => v.PolicyId == policy.Id || testCase.Expect.Any(e => e.Policy == v.PolicyId))
                .Select(v => $"{v.PolicyId}/{v.RuleId} at {v.Pointer}")
                .Order(StringComparer.Ordinal)
                .ToList();
            details.AddRange(expected.Except(actual).Select(m => $"{testCase.File} document {document.Index}: expected {m}, not reported"));
            details.AddRange(actual.Except(expected).Select(m => $"{testCase.File} document {document.Index}: unexpected {m}"));
            details.AddRange(CheckMutationConverges(engine, request, result, policy, testCase.File, document.Index));
        }

        return new CaseOutcome(path, testCase.Name, details.Count == 0, details);
    }

    // Applying the engine's patch must fix what the mutating rules found, and ask for no further patch.
    private static IEnumerable<string> CheckMutationConverges(PolicyEngine engine, EvaluationRequest request, EvaluationResult result, Policy policy, string file, int index)
    {
        if (result.Patch.Count == 0)
        {
            yield break;
        }

        var patched = JsonNode.Parse(request.Object!.Value.GetRawText())!;
        string? failure = null;
        try
        {
            JsonPatchJsonContext.ReadPatch(PatchOperation.ToJson(result.Patch)).ApplyTo(patched);
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions.JsonPatchException or JsonException)
        {
            failure = $"{file} document {index}: the patch does not apply: {ex.Message}";
        }

        if (failure is not null)
        {
            yield return failure;
            yield break;
        }

        var patchedObject = JsonSerializer.SerializeToElement(patched, JsonPatchJsonContext.Default.JsonNode);
        var refusedBefore = ApiServerRules.Refusals(request.Object.Value);
        foreach (var refusal in ApiServerRules.Refusals(patchedObject).Except(refusedBefore, StringComparer.Ordinal))
        {
            yield return $"{file} document {index}: the API server would refuse the patched object: {refusal}";
        }

        var again = engine.Evaluate(request with { Object = patchedObject });
        // A fix that was withheld (a written value, an object the API server would refuse) leaves its finding standing.
        var fixedTargets = result.Violations.Where(v => v.PolicyId == policy.Id && v.Changes.Count > 0).Select(Target).ToHashSet();
        foreach (var violation in again.Violations.Where(v => v.PolicyId == policy.Id && fixedTargets.Contains(Target(v))))
        {
            yield return $"{file} document {index}: after the patch, {violation.PolicyId}/{violation.RuleId} still fails at {violation.Pointer}";
        }

        if (again.Patch.Count > 0)
        {
            yield return $"{file} document {index}: the patch is not idempotent: a second evaluation asks for {PatchOperation.ToJson(again.Patch)}";
        }
    }

    private static (string Rule, string? ContainerType, string? Container) Target(Violation violation) => (violation.RuleId, violation.ContainerType, violation.Container);

    private static EvaluationRequest Request(JsonElement root, PolicyTestSpec spec, PolicyTestCase testCase)
    {
        var namespaceName = NamespaceOf(root) ?? testCase.Namespace ?? "default";
        IReadOnlyDictionary<string, string>? labels = spec.NamespaceLabels is null
            ? null
            : spec.NamespaceLabels.TryGetValue(namespaceName, out var known) ? known : new Dictionary<string, string>();
        return HostRequest.For(root, testCase.Operation, namespaceName, labels, autoscalers: []);
    }

    // The HorizontalPodAutoscalers of the case's other objects; any other object there is a mistake, not something to skip.
    private static (List<Autoscaler> Autoscalers, List<string> Problems) Autoscalers(string folder, PolicyTestCase testCase)
    {
        var autoscalers = new List<Autoscaler>();
        var problems = new List<string>();
        foreach (var name in testCase.Objects ?? [])
        {
            var file = Path.Combine(folder, name);
            if (PathStatus.Of(file) is { Kind: not PathKind.File } status)
            {
                problems.Add(status.Kind == PathKind.Missing ? $"objects: {name} does not exist" : $"objects: {name} is {status.Description}, not a file");
                continue;
            }

            foreach (var document in YamlDocumentReader.Read(File.ReadAllText(file)).Where(d => !d.IsEmpty))
            {
                if (document.Error is { } error)
                {
                    problems.Add($"{name}:{error.Position}: {error.Message}");
                    continue;
                }

                var root = document.Root!.Value;
                var namespaceName = NamespaceOf(root) ?? testCase.Namespace ?? "default";
                if (Autoscaler.FromObject(root, namespaceName) is { } autoscaler)
                {
                    autoscalers.Add(autoscaler);
                }
                else
                {
                    problems.Add($"{name} document {document.Index}: objects: only HorizontalPodAutoscalers (autoscaling/v1 or v2, with a name and a scaleTargetRef) stand beside the judged object");
                }
            }
        }

        return (autoscalers, problems);
    }

    private static string? NamespaceOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String ? ns.GetString() : null;

    private static bool IsPolicyTest(string file)
    {
        try
        {
            var first = YamlDocumentReader.Read(File.ReadAllText(file), trackPositions: false).FirstOrDefault(d => !d.IsEmpty);
            return first?.Root is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("PolicyTest");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
