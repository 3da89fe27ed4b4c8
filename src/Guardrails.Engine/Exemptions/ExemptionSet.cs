namespace Guardrails.Engine.Exemptions;

/// <summary>The loaded central exemptions; immutable.</summary>
public sealed class ExemptionSet
{
    internal ExemptionSet(IReadOnlyList<Exemption> entries, string revision)
    {
        Entries = entries;
        Revision = revision;
    }

    /// <summary>No exemptions: annotations alone never exempt anything.</summary>
    public static ExemptionSet Empty { get; } = new([], string.Empty);

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<Exemption> Entries { get; }

    /// <summary>
    /// A short content hash of the exemptions file, as <see cref="Policies.PolicySet.Revision"/> is of the policies; empty
    /// for <see cref="Empty"/> (no file loaded).
    /// </summary>
    public string Revision { get; }
}
