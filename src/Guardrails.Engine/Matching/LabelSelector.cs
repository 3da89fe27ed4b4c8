using Guardrails.Engine.Format;

namespace Guardrails.Engine.Matching;

/// <summary>A compiled Kubernetes label selector: every matchLabels entry and every expression must hold.</summary>
internal sealed class LabelSelector
{
    private readonly (string Key, string Value)[] _labels;
    private readonly (string Key, string Operator, HashSet<string> Values)[] _expressions;

    public LabelSelector(LabelSelectorSpec spec)
    {
        _labels = spec.MatchLabels?.Select(l => (l.Key, l.Value)).ToArray() ?? [];
        _expressions = spec.MatchExpressions?.Select(e => (e.Key, e.Operator, new HashSet<string>(e.Values ?? [], StringComparer.Ordinal))).ToArray() ?? [];
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in _labels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var (key, op, values) in _expressions)
        {
            var present = labels.TryGetValue(key, out var actual);
            var holds = op switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                _ => !present,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
