using Guardrails.Engine.Format;

namespace Guardrails.Engine.Matching;

/// <summary>A compiled <c>match</c> block.</summary>
internal sealed class ObjectMatcher
{
    private static readonly AdmissionOperation[] DefaultOperations = [AdmissionOperation.Create, AdmissionOperation.Update];

    private readonly HashSet<string>? _kinds;
    private readonly HashSet<string> _excludeKinds;
    private readonly AdmissionOperation[]? _operations;
    private readonly GlobSet _namespaces;
    private readonly GlobSet _excludeNamespaces;
    private readonly LabelSelector? _namespaceSelector;
    private readonly LabelSelector? _objectSelector;
    private string? _lastKindFound;

    /// <param name="spec">The block as written.</param>
    /// <param name="defaultToPodKinds">Empty kinds mean every pod-bearing kind (policy level) rather than "no narrowing" (rule level).</param>
    public ObjectMatcher(MatchSpec? spec, bool defaultToPodKinds)
    {
        var kinds = spec?.Kinds ?? [];
        _kinds = kinds.Count == 0
            ? defaultToPodKinds ? new HashSet<string>(PodSpecLocator.PodBearingKinds, StringComparer.Ordinal) : null
            : ExpandKinds(kinds);
        _excludeKinds = new HashSet<string>(spec?.ExcludeKinds ?? [], StringComparer.Ordinal);
        // At rule level, no operations means no narrowing: the policy's operations stand.
        _operations = spec?.Operations is { Count: > 0 } operations ? [.. operations] : defaultToPodKinds ? DefaultOperations : null;
        _namespaces = new GlobSet(spec?.Namespaces);
        _excludeNamespaces = new GlobSet(spec?.ExcludeNamespaces);
        _namespaceSelector = spec?.NamespaceSelector is { } ns ? new LabelSelector(ns) : null;
        _objectSelector = spec?.ObjectSelector is { } obj ? new LabelSelector(obj) : null;
    }

    /// <summary>The kinds this block can match, for checks at load; null when any.</summary>
    public IReadOnlyCollection<string>? Kinds => _kinds;

    public bool HasNamespaceSelector => _namespaceSelector is not null;

    public MatchOutcome Match(MatchSubject subject)
    {
        if ((_kinds is not null && !HasKind(subject.Kind))
            || _excludeKinds.Contains(subject.Kind)
            || (_operations is not null && Array.IndexOf(_operations, subject.Operation) < 0)
            || !_namespaces.MatchesAnyOrEmpty(subject.Namespace)
            || (!_excludeNamespaces.IsEmpty && _excludeNamespaces.MatchesAnyOrEmpty(subject.Namespace))
            || (_objectSelector is not null && !_objectSelector.Matches(subject.ObjectLabels.Value)))
        {
            return MatchOutcome.No;
        }

        if (_namespaceSelector is null)
        {
            return new MatchOutcome(true, false);
        }

        // Unknown labels (CI without Namespace objects): assume the selector matches, fail closed, and say so.
        return subject.NamespaceLabels is null
            ? new MatchOutcome(true, true)
            : new MatchOutcome(_namespaceSelector.Matches(subject.NamespaceLabels), false);
    }

    // Every policy asks on every evaluation, nearly always for one of a few kinds read as strings kept once per process
    // (KnownNames): the last kind found is remembered by reference, so asking again costs no hash. One reference, written
    // whole, of a string that is in the set: a stale one only costs the lookup.
    private bool HasKind(string kind)
    {
        if (ReferenceEquals(kind, _lastKindFound))
        {
            return true;
        }

        if (!_kinds!.Contains(kind) && !_kinds.Contains("*"))
        {
            return false;
        }

        _lastKindFound = kind;
        return true;
    }

    private static HashSet<string> ExpandKinds(List<string> kinds)
    {
        var set = new HashSet<string>(kinds, StringComparer.Ordinal);
        if (set.Contains("Pod"))
        {
            set.UnionWith(PodSpecLocator.PodBearingKinds);
        }

        return set;
    }
}
