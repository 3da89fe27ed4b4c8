using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Patching;

namespace Guardrails.Engine.Policies;

/// <summary>
/// The CEL expression of the mutating webhook's <c>matchConditions</c>: true for every object a fix of the policy set
/// could patch, so that the API server calls the webhook only for those and spares every other write a round trip.
/// A fix only fills in a field that is absent, or one the API server defaulted before admission, so an object in which
/// every field a fix fills in is present, with a value other than the API server's default, is never patched. The
/// expression is a superset of the objects patched: it reads only the kinds each fixing rule matches and the fields its
/// fixes fill in, never the rule's schema, conditions, namespace selectors or exemptions.
/// </summary>
public static partial class MutationMatchCondition
{
    private static readonly string[] ReservedWords =
    [
        "as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in", "let", "loop",
        "package", "namespace", "null", "return", "true", "var", "void", "while",
    ];

    /// <summary>The expression for <paramref name="policies"/>: <c>true</c> when a fixing rule may match any kind, <c>false</c> when no rule fixes anything.</summary>
    public static string Expression(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var byKind = new SortedDictionary<string, KindFields>(StringComparer.Ordinal);
        foreach (var policy in policies.Policies)
        {
            foreach (var rule in policy.Rules.Where(r => r.CanMutate))
            {
                if (KindsOf(policy, rule) is not { } kinds)
                {
                    return "true";
                }

                foreach (var kind in kinds)
                {
                    Add(byKind, kind, rule);
                }
            }
        }

        // Kinds that keep their pod spec in the same place and need the same fields share one test.
        var clauses = byKind
            .Select(entry => (Kind: entry.Key, Needs: KindNeeds(entry.Key, entry.Value)))
            .Where(entry => entry.Needs is not null)
            .GroupBy(entry => entry.Needs!, StringComparer.Ordinal)
            .Select(group => $"({KindTest([.. group.Select(entry => entry.Kind)])} && ({group.Key}))")
            .ToList();
        return clauses.Count == 0 ? "false" : "object != null && (" + string.Join(" || ", clauses) + ")";
    }

    /// <summary>The kinds a rule can patch; null when any kind.</summary>
    private static SortedSet<string>? KindsOf(Policy policy, Rule rule)
    {
        // As ObjectMatcher matches: no kinds, or "*" among them, narrows nothing.
        var policyKinds = Narrowing(policy.Kinds);
        var ruleKinds = Narrowing(rule.Matcher?.Kinds);
        var kinds = policyKinds is null ? ruleKinds
            : ruleKinds is null ? policyKinds
            : policyKinds.Intersect(ruleKinds, StringComparer.Ordinal);
        return kinds is null ? null : new SortedSet<string>(kinds, StringComparer.Ordinal);
    }

    private static IEnumerable<string>? Narrowing(IReadOnlyCollection<string>? kinds) => kinds is null || kinds.Contains("*") ? null : kinds;

    private static void Add(SortedDictionary<string, KindFields> byKind, string kind, Rule rule)
    {
        if (rule.Target != RuleTarget.Object && !PodSpecLocator.CarriesPodSpec(kind))
        {
            return;
        }

        if (!byKind.TryGetValue(kind, out var fields))
        {
            byKind[kind] = fields = new KindFields();
        }

        foreach (var mutation in rule.Mutations)
        {
            switch (rule.Target)
            {
                case RuleTarget.Container:
                    foreach (var list in ContainerLists(rule.ContainerTypes))
                    {
                        fields.Containers.Add((list, mutation.Tokens));
                    }

                    break;
                case RuleTarget.Pod:
                    fields.PodSpec.Add(mutation.Tokens);
                    break;
                default:
                    fields.Object.Add(mutation.Tokens);
                    break;
            }
        }
    }

    // Sidecars are init containers (with restartPolicy Always): the expression looks at every init container.
    private static IEnumerable<string> ContainerLists(IReadOnlyList<ContainerType> types) => types
        .Select(type => type switch
        {
            ContainerType.Containers => "containers",
            ContainerType.EphemeralContainers => "ephemeralContainers",
            _ => "initContainers",
        })
        .Distinct(StringComparer.Ordinal);

    private static string KindTest(IReadOnlyList<string> kinds) => kinds.Count == 1
        ? $"object.kind == {Literal(kinds[0])}"
        : $"object.kind in [{string.Join(", ", kinds.Select(Literal))}]";

    private static string? KindNeeds(string kind, KindFields fields)
    {
        var needs = new List<string>();
        foreach (var tokens in fields.Object.Distinct(TokensComparer.Instance))
        {
            var missing = "!(" + Present("object", tokens) + ")";
            var pointer = "/" + string.Join('/', tokens.Select(Guardrails.Schema.JsonPointer.Escape));
            needs.Add(ApiServerRules.DefaultBeforeAdmission(kind, pointer) is { } value
                ? $"{missing} || {Access("object", tokens)} == {value.ToString(CultureInfo.InvariantCulture)}"
                : missing);
        }

        if (PodSpecLocator.PathOf(kind) is { } podSpecPath)
        {
            var podSpec = Access("object", podSpecPath);
            var podNeeds = new List<string>();
            podNeeds.AddRange(fields.PodSpec.Distinct(TokensComparer.Instance).Select(tokens => "!(" + Present(podSpec, tokens) + ")"));
            foreach (var group in fields.Containers.GroupBy(c => c.List, StringComparer.Ordinal))
            {
                var list = podSpec + "." + group.Key;
                var containerNeeds = group.Select(c => c.Tokens).Distinct(TokensComparer.Instance).Select(tokens => "!(" + Present("c", tokens) + ")");
                podNeeds.Add($"({Present(podSpec, [group.Key])} && {list}.exists(c, {string.Join(" || ", containerNeeds)}))");
            }

            if (podNeeds.Count > 0)
            {
                needs.Add($"({Present("object", podSpecPath)} && ({string.Join(" || ", podNeeds)}))");
            }
        }

        return needs.Count == 0 ? null : string.Join(" || ", needs);
    }

    // has() tests only the last member, so every member on the way is tested before it.
    private static string Present(string root, IReadOnlyList<string> tokens)
    {
        var tests = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var parent = Access(root, tokens.Take(i).ToList());
            tests.Add(IsIdentifier(tokens[i]) ? $"has({parent}.{tokens[i]})" : $"{Literal(tokens[i])} in {parent}");
        }

        return string.Join(" && ", tests);
    }

    private static string Access(string root, IReadOnlyList<string> tokens)
    {
        var builder = new StringBuilder(root);
        foreach (var token in tokens)
        {
            builder.Append(IsIdentifier(token) ? "." + token : "[" + Literal(token) + "]");
        }

        return builder.ToString();
    }

    private static bool IsIdentifier(string token) => Identifier().IsMatch(token) && Array.IndexOf(ReservedWords, token) < 0;

    private static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>The fields the fixes of one kind fill in, by where they are read from.</summary>
    private sealed class KindFields
    {
        public List<string[]> Object { get; } = [];

        public List<string[]> PodSpec { get; } = [];

        public List<(string List, string[] Tokens)> Containers { get; } = [];
    }

    private sealed class TokensComparer : IEqualityComparer<string[]>
    {
        public static TokensComparer Instance { get; } = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join('/', obj).GetHashCode(StringComparison.Ordinal);
    }
}
