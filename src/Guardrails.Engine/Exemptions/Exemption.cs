using Guardrails.Engine.Format;
using Guardrails.Engine.Matching;

namespace Guardrails.Engine.Exemptions;

/// <summary>A compiled entry of the central exemptions file.</summary>
public sealed class Exemption
{
    private readonly GlobSet _namespaces;
    private readonly GlobSet _names;
    private readonly string[] _kinds;
    private readonly GlobSet _containers;
    private readonly GlobSet _images;

    internal Exemption(ExemptionSpec spec, DateOnly expires, string location)
    {
        PolicyId = spec.Policy;
        RuleId = spec.Rule;
        Owner = spec.Owner;
        Reason = spec.Reason;
        Expires = expires;
        AllowAnnotation = spec.AllowAnnotation;
        Location = location;
        _namespaces = new GlobSet(spec.Namespaces);
        _names = new GlobSet(spec.Names);
        _kinds = [.. spec.Kinds ?? []];
        _containers = new GlobSet(spec.Containers);
        _images = new GlobSet(spec.Images);
    }

    /// <summary>The policy exempted from.</summary>
    public string PolicyId { get; }

    /// <summary>The rule exempted from; null for every rule of the policy.</summary>
    public string? RuleId { get; }

    /// <summary>Who answers for it.</summary>
    public string Owner { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }

    /// <summary>Last day it applies (UTC).</summary>
    public DateOnly Expires { get; }

    /// <summary>Whether it only authorises annotation exemptions.</summary>
    public bool AllowAnnotation { get; }

    /// <summary><c>file:line</c> of the entry.</summary>
    public string Location { get; }

    internal bool IsExpired(DateOnly today) => today > Expires;

    internal bool Covers(string policyId, string ruleId, ExemptionSubject subject)
    {
        if (PolicyId != policyId || (RuleId is not null && RuleId != ruleId))
        {
            return false;
        }

        if (!_namespaces.MatchesAnyOrEmpty(subject.Namespace)
            || !_names.MatchesAnyOrEmpty(subject.Name)
            || (_kinds.Length > 0 && Array.IndexOf(_kinds, subject.Kind) < 0))
        {
            return false;
        }

        if (_containers.IsEmpty && _images.IsEmpty)
        {
            return true;
        }

        // Container-scoped entries never widen to pod- or object-level findings.
        return subject.Container is { } container
            && _containers.MatchesAnyOrEmpty(container)
            && _images.MatchesAnyOrEmpty(subject.Image ?? string.Empty);
    }
}
