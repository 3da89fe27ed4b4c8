using Guardrails.Engine.Format;
using Guardrails.Engine.Matching;

namespace Guardrails.Engine.Policies;

/// <summary>A loaded, compiled policy; immutable and safe to share between threads.</summary>
public sealed class Policy
{
    internal Policy(PolicyDocument document, string source, IReadOnlyList<Rule> rules)
    {
        Id = document.Metadata.Name;
        Title = document.Spec.Title;
        Description = document.Spec.Description;
        Category = document.Spec.Category;
        Severity = document.Spec.Severity;
        Action = document.Spec.Action;
        Source = source;
        Rules = rules;
        Matcher = new ObjectMatcher(document.Spec.Match, defaultToPodKinds: true);
    }

    /// <summary>The policy id (<c>metadata.name</c>).</summary>
    public string Id { get; }

    /// <summary>One line.</summary>
    public string Title { get; }

    /// <summary>Why it matters.</summary>
    public string Description { get; }

    /// <summary>What it protects.</summary>
    public PolicyCategory Category { get; }

    /// <summary>Default severity of its rules.</summary>
    public Severity Severity { get; }

    /// <summary>Default action of its rules.</summary>
    public PolicyAction Action { get; }

    /// <summary>The file it came from.</summary>
    public string Source { get; }

    /// <summary>Its rules, in order.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>True when the policy or one of its rules selects namespaces by label, so namespace labels bear on its verdicts.</summary>
    public bool SelectsNamespacesByLabel => Matcher.HasNamespaceSelector || Rules.Any(r => r.Matcher?.HasNamespaceSelector == true);

    /// <summary>The kinds the policy can match (its <c>match.kinds</c>, pod-bearing kinds by default); null when any kind.</summary>
    public IReadOnlyCollection<string>? Kinds => Matcher.Kinds;

    internal ObjectMatcher Matcher { get; }
}
