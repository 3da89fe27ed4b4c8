namespace Guardrails.Engine.Policies;

/// <summary>A complete, valid set of policies. A set with any problem is never built, so it is never partly used.</summary>
public sealed class PolicySet
{
    private readonly Dictionary<string, Policy> _byId;

    // The revision is that of the sources (ContentRevision), computed by the loader or when a compiled pack was built.
    internal PolicySet(IReadOnlyList<Policy> policies, string revision)
    {
        Policies = policies;
        _byId = policies.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Revision = revision;
    }

    /// <summary>The policies, in load order.</summary>
    public IReadOnlyList<Policy> Policies { get; }

    /// <summary>A short content hash of every source: the same files give the same revision, in CI and in the cluster.</summary>
    public string Revision { get; }

    /// <summary>The policy with this id, if any.</summary>
    public Policy? Find(string id) => _byId.GetValueOrDefault(id);
}
