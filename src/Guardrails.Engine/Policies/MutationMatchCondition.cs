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

        // The API server plans the whole expression again at every evaluation (cost tracking makes a program per
        // call), so its size, not the object, is most of its cost: kinds needing the same fields share one test, and
        // every pod spec is looked at by one pass, whatever the kind keeps it under.
        var clauses = new List<string>();
        clauses.AddRange(Shared(byKind, ObjectNeeds).Select(group => $"({KindTest(group.Kinds)} && ({group.Needs}))"));
        clauses.AddRange(Shared(byKind, (_, fields) => PodSpecNeeds(fields)).Select(group => $"{PodSpecs(group.Kinds)}.exists(s, {group.Needs})"));
        return clauses.Count == 0 ? "false" : "object != null && (" + string.Join(" || ", clauses) + ")";
    }

    private static IEnumerable<(List<string> Kinds, string Needs)> Shared(SortedDictionary<string, KindFields> byKind, Func<string, KindFields, string?> needs) => byKind
        .Select(entry => (Kind: entry.Key, Needs: needs(entry.Key, entry.Value)))
        .Where(entry => entry.Needs is not null)
        .GroupBy(entry => entry.Needs!, StringComparer.Ordinal)
        .Select(group => (group.Select(entry => entry.Kind).ToList(), group.Key));

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

    private static string KindTest(List<string> kinds) => kinds.Count == 1
        ? $"object.kind == {Literal(kinds[0])}"
        : $"object.kind in [{string.Join(", ", kinds.Select(Literal))}]";

    private static string? ObjectNeeds(string kind, KindFields fields)
    {
        var tokens = fields.Object.Distinct(TokensComparer.Instance).ToList();
        if (tokens.Count == 0)
        {
            return null;
        }

        var needs = new List<string> { Missing("object", tokens) };
        foreach (var path in tokens)
        {
            var pointer = "/" + string.Join('/', path.Select(Guardrails.Schema.JsonPointer.Escape));
            if (ApiServerRules.DefaultBeforeAdmission(kind, pointer) is { } value)
            {
                needs.Add($"{Access("object", path)} == {value.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return string.Join(" || ", needs);
    }

    // The needs of one pod spec, bound to s; containers lists that need the same fields are looked at in one pass.
    private static string? PodSpecNeeds(KindFields fields)
    {
        var needs = new List<string>();
        var podSpec = fields.PodSpec.Distinct(TokensComparer.Instance).ToList();
        if (podSpec.Count > 0)
        {
            needs.Add(Missing("s", podSpec));
        }

        var lists = fields.Containers
            .GroupBy(container => container.List, StringComparer.Ordinal)
            .Select(list => (List: list.Key, Needs: Missing("c", list.Select(container => container.Tokens).Distinct(TokensComparer.Instance).ToList())))
            .GroupBy(list => list.Needs, StringComparer.Ordinal);
        foreach (var group in lists)
        {
            var names = group.Select(list => list.List).ToList();
            needs.Add(names.Count == 1
                ? $"({Present("s", [names[0]])} && s.{names[0]}.exists(c, {group.Key}))"
                : $"({string.Join(" + ", names.Select(name => $"({Present("s", [name])} ? s.{name} : [])"))}).exists(c, {group.Key})");
        }

        return needs.Count == 0 ? null : string.Join(" || ", needs);
    }

    // A list of the object's pod spec ([] when it has none), so that one comprehension binds it to s whichever kind it is.
    private static string PodSpecs(IEnumerable<string> kinds)
    {
        var byPath = kinds
            .GroupBy(kind => string.Join('.', PodSpecLocator.PathOf(kind)!), StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        var builder = new StringBuilder("(");
        foreach (var group in byPath)
        {
            var path = PodSpecLocator.PathOf(group.First())!;
            builder.Append($"{KindTest([.. group])} && {Present("object", path)} ? [{Access("object", path)}] : ");
        }

        return builder.Append("[])").ToString();
    }

    // True when any of the fields is absent: each member on the way is tested once, before the members below it.
    private static string Missing(string root, IReadOnlyList<string[]> fields)
    {
        var tests = new List<string>();
        foreach (var tokens in fields)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                var test = Absent(root, tokens.AsSpan(0, i + 1));
                if (!tests.Contains(test, StringComparer.Ordinal))
                {
                    tests.Add(test);
                }
            }
        }

        return string.Join(" || ", tests);
    }

    // has() tests only the last member, so every member on the way is tested before it.
    private static string Present(string root, IReadOnlyList<string> tokens)
    {
        var tests = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            tests.Add(Has(root, [.. tokens.Take(i + 1)]));
        }

        return string.Join(" && ", tests);
    }

    private static string Has(string root, ReadOnlySpan<string> tokens)
    {
        var (parent, member) = Split(root, tokens);
        return IsIdentifier(member) ? $"has({parent}.{member})" : $"{Literal(member)} in {parent}";
    }

    // '!' binds tighter than 'in' in CEL: a member that is no identifier needs its test in parentheses.
    private static string Absent(string root, ReadOnlySpan<string> tokens)
    {
        var (parent, member) = Split(root, tokens);
        return IsIdentifier(member) ? $"!has({parent}.{member})" : $"!({Literal(member)} in {parent})";
    }

    private static (string Parent, string Member) Split(string root, ReadOnlySpan<string> tokens) => (Access(root, [.. tokens[..^1]]), tokens[^1]);

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
