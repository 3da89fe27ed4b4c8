using System.Collections.Concurrent;
using Guardrails.Fuzz.Targets;

namespace Guardrails.Fuzz.Tests;

/// <summary>One warmed-up instance of each target for the tests, so that a bound never counts loading and JIT.</summary>
internal static class Targets
{
    private static readonly ConcurrentDictionary<string, Lazy<FuzzTarget>> Created = new(StringComparer.Ordinal);

    public static FuzzTarget Get(string name) => Created.GetOrAdd(name, n => new Lazy<FuzzTarget>(() => Warm(n))).Value;

    private static FuzzTarget Warm(string name)
    {
        var target = FuzzTargets.Create(name) ?? throw new ArgumentException($"no fuzz target '{name}'", nameof(name));
        target.Run("{}"u8.ToArray());
        return target;
    }
}
