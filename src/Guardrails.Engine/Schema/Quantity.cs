using System.Collections.Concurrent;
using k8s.Models;

namespace Guardrails.Engine.Schema;

/// <summary>A Kubernetes resource quantity ("500m", "1Gi", "2e3") and its exact value.</summary>
/// <param name="Text">The quantity as written.</param>
/// <param name="Value">Its value in base units (cores, bytes).</param>
public readonly record struct Quantity(string Text, decimal Value)
{
    private const int CacheLimit = 4096;

    // Manifests repeat a handful of quantities; parsing through KubernetesClient costs microseconds each.
    private static readonly ConcurrentDictionary<string, decimal?> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses with KubernetesClient's <see cref="ResourceQuantity"/>, the API server's grammar.</summary>
    public static bool TryParse(string text, out Quantity quantity)
    {
        if (!Cache.TryGetValue(text, out var value))
        {
            value = ParseUncached(text);
            if (Cache.Count < CacheLimit)
            {
                Cache.TryAdd(text, value);
            }
        }

        quantity = new Quantity(text, value.GetValueOrDefault());
        return value.HasValue;
    }

    private static decimal? ParseUncached(string text)
    {
        if (text.Length is 0 or > 64 || text.Trim().Length != text.Length)
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
#pragma warning disable CA1031 // Any failure of the third-party parser means "not a quantity".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
