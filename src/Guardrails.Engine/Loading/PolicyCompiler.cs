using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Engine.Templates;
using Guardrails.Yaml;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Engine.Loading;

/// <summary>Checks what the format schema cannot (rule schemas, mutations, placeholders, API limits) and builds the runtime policy.</summary>
internal static class PolicyCompiler
{
    // Kubernetes rejects these fields on ephemeral containers; a rule must never demand them there.
    private static readonly string[] ForbiddenOnEphemeral = ["resources", "ports", "lifecycle", "livenessProbe", "readinessProbe", "startupProbe"];

    public static Policy? Compile(PolicyDocument document, string file, SourceDocument source, List<LoadProblem> problems)
    {
        var before = problems.Count;
        var rules = new List<Rule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var policyKinds = new ObjectMatcher(document.Spec.Match, defaultToPodKinds: true).Kinds;
        for (var i = 0; i < document.Spec.Rules.Count; i++)
        {
            var spec = document.Spec.Rules[i];
            var at = $"/spec/rules/{i}";
            if (!ruleIds.Add(spec.Id))
            {
                problems.Add(Problems.At(file, source, at + "/id", $"duplicate rule id '{spec.Id}' in policy '{document.Metadata.Name}'"));
            }

            if (CompileRule(spec, document.Spec, policyKinds, at, file, source, problems) is { } rule)
            {
                rules.Add(rule);
            }
        }

        if (document.Spec.Rules.Count == 0)
        {
            problems.Add(Problems.At(file, source, "/spec/rules", "a policy needs at least one rule"));
        }

        return problems.Count > before ? null : new Policy(document, file, rules);
    }

    private static Rule? CompileRule(RuleSpec spec, PolicySpec policy, IReadOnlyCollection<string>? policyKinds, string at, string file, SourceDocument source, List<LoadProblem> problems)
    {
        var before = problems.Count;
        var schema = CompileSchema(spec.Schema, at + "/schema", file, source, problems);
        var when = spec.When is { } precondition ? CompileSchema(precondition, at + "/when", file, source, problems) : null;
        var whenPod = spec.WhenPod is { } podPrecondition ? CompileSchema(podPrecondition, at + "/whenPod", file, source, problems) : null;
        if (spec.WhenPod is not null && spec.Target == RuleTarget.Object)
        {
            problems.Add(Problems.At(file, source, at + "/whenPod", "whenPod applies to pod and container rules; an object rule can test the pod spec in its own schema"));
        }
        if (!MessageTemplate.TryParse(spec.Message, out var message, out var messageError))
        {
            problems.Add(Problems.At(file, source, at + "/message", $"message: {messageError}"));
        }

        var mutations = new List<Mutation>();
        for (var m = 0; m < (spec.Mutate?.Count ?? 0); m++)
        {
            if (Mutation.TryCompile(spec.Mutate![m], out var mutationError) is { } mutation)
            {
                mutations.Add(mutation);
            }
            else
            {
                problems.Add(Problems.At(file, source, $"{at}/mutate/{m}/path", $"mutation: {mutationError}"));
            }
        }

        if (spec.Target != RuleTarget.Container && spec.ContainerTypes is { Count: > 0 })
        {
            problems.Add(Problems.At(file, source, at + "/containerTypes", $"containerTypes only apply to target: container, not {spec.Target.ToString().ToLowerInvariant()}"));
        }

        var scaledBy = CompileScaledBy(spec, at, file, source, problems);
        CheckPodKinds(spec, policyKinds, at, file, source, problems);
        CheckEphemeralDemands(spec, at, file, source, problems);
        return problems.Count > before ? null : new Rule(spec, policy, schema!, when, whenPod, message!, mutations, scaledBy);
    }

    private static ScaledBy? CompileScaledBy(RuleSpec spec, string at, string file, SourceDocument source, List<LoadProblem> problems)
    {
        if (spec.ScaledBy is not { } scaledBy)
        {
            return null;
        }

        if (spec.Target != RuleTarget.Object)
        {
            // An autoscaler sets a count of the whole object; a pod or container has none.
            problems.Add(Problems.At(file, source, at + "/scaledBy", $"scaledBy applies to target: object, not {spec.Target.ToString().ToLowerInvariant()}"));
            return null;
        }

        var compiled = ScaledBy.TryCompile(scaledBy, out var error, out var field);
        if (compiled is null)
        {
            problems.Add(Problems.At(file, source, $"{at}/scaledBy/{field}", $"scaledBy: {error}"));
        }

        return compiled;
    }

    internal static CompiledSchema? CompileSchema(JsonElement schema, string at, string file, SourceDocument source, List<LoadProblem> problems)
    {
        var (compiled, schemaProblems) = SchemaCompiler.Compile(schema, PrecompiledPatterns.Instance);
        foreach (var problem in schemaProblems)
        {
            problems.Add(Problems.At(file, source, at + problem.Pointer, $"schema: {problem.Message}"));
        }

        return compiled;
    }

    private static void CheckPodKinds(RuleSpec spec, IReadOnlyCollection<string>? policyKinds, string at, string file, SourceDocument source, List<LoadProblem> problems)
    {
        if (spec.Target == RuleTarget.Object)
        {
            return;
        }

        var kinds = spec.Match?.Kinds is { Count: > 0 } ruleKinds ? ruleKinds : (IEnumerable<string>?)policyKinds ?? [];
        foreach (var kind in kinds.Where(k => k != "*" && !PodSpecLocator.CarriesPodSpec(k)))
        {
            problems.Add(Problems.At(file, source, at + "/target", $"target {spec.Target.ToString().ToLowerInvariant()} needs a pod spec, and kind {kind} has none; use target: object or drop the kind"));
        }
    }

    // Fields the schema requires of the container itself: its own `required`, and those of the
    // subschemas that apply to the same value unconditionally or by condition (allOf, then, else).
    private static void CollectRequired(JsonElement schema, List<string> demanded, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 16)
        {
            return;
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            // A loop, not Where(...).Select(...): that Select is a generic virtual call, which Native AOT resolves at run time
            // through its type loader on every call (about 1 ms of the built-in pack's load, docs/performance.md, start-up).
            foreach (var name in required.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String)
                {
                    demanded.Add(name.GetString()!);
                }
            }
        }

        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var branch in allOf.EnumerateArray())
            {
                CollectRequired(branch, demanded, depth + 1);
            }
        }

        foreach (var conditional in (string[])["then", "else"])
        {
            if (schema.TryGetProperty(conditional, out var branch))
            {
                CollectRequired(branch, demanded, depth + 1);
            }
        }
    }

    private static void CheckEphemeralDemands(RuleSpec spec, string at, string file, SourceDocument source, List<LoadProblem> problems)
    {
        var types = spec.ContainerTypes is { Count: > 0 } listed ? listed : [ContainerType.EphemeralContainers];
        if (spec.Target != RuleTarget.Container || !types.Contains(ContainerType.EphemeralContainers))
        {
            return;
        }

        var demanded = new List<string>();
        CollectRequired(spec.Schema, demanded, depth: 0);

        demanded.AddRange(spec.Mutate?.Select(m => m.Path.Split('/').ElementAtOrDefault(1) ?? string.Empty) ?? []);
        foreach (var field in demanded.Intersect(ForbiddenOnEphemeral).Distinct())
        {
            problems.Add(Problems.At(file, source, at + "/containerTypes",
                $"the rule demands '{field}', which Kubernetes forbids on ephemeral containers; list containerTypes without ephemeralContainers"));
        }
    }
}
