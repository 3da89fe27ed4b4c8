namespace Guardrails.Engine.Exemptions;

/// <summary>The loaded central exemptions; immutable.</summary>
public sealed class ExemptionSet
{
    internal ExemptionSet(IReadOnlyList<Exemption> entries) => Entries = entries;

    /// <summary>No exemptions: annotations alone never exempt anything.</summary>
    public static ExemptionSet Empty { get; } = new([]);

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<Exemption> Entries { get; }
}
