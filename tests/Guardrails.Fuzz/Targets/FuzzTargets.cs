namespace Guardrails.Fuzz.Targets;

/// <summary>Every fuzz target by name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = [AdmissionTarget.TargetName, YamlTarget.TargetName, PolicyTarget.TargetName, QuantityTarget.TargetName];

    /// <summary>A new target (loading what it needs, such as the built-in pack); null for an unknown name.</summary>
    public static FuzzTarget? Create(string name) => name switch
    {
        AdmissionTarget.TargetName => new AdmissionTarget(),
        YamlTarget.TargetName => new YamlTarget(),
        PolicyTarget.TargetName => new PolicyTarget(),
        QuantityTarget.TargetName => new QuantityTarget(),
        _ => null,
    };
}
