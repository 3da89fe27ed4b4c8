using System.Collections.Concurrent;
using k8s.Models;

namespace Guardrails.Engine.Schema;

/// <summary>A Kubernetes resource quantity ("500m", "1Gi", "2e3") and its exact value.</summary>
/// <param name="Text">The quantity as written.</param>
/// <param name="Value">Its value in base units (cores, bytes).</param>
public readonly partial record struct Quantity(string Text, decimal Value)
{
    private const int CacheLimit = 4096;

    // Manifests repeat a handful of quantities; parsing through KubernetesClient costs microseconds each.
    private static readonly ConcurrentDictionary<string, decimal?> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses with KubernetesClient's <see cref="ResourceQuantity"/>, the API server's grammar.</summary>
    public static bool TryParse(string text, out Quantity quantity)
    {
        var parsed = TryParse(text.AsSpan(), out quantity);
        quantity = quantity with { Text = text };
        return parsed;
    }

    /// <summary>Parses without allocating when the quantity was seen before.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Quantity quantity)
    {
        var lookup = Cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out var value))
        {
            var key = text.ToString();
            value = ParseUncached(key);
            if (Cache.Count < CacheLimit)
            {
                Cache.TryAdd(key, value);
            }
        }

        // Text is left empty here to spare an allocation; the string overload fills it in.
        quantity = new Quantity(string.Empty, value.GetValueOrDefault());
        return value.HasValue;
    }

    // The API server's grammar: a signed decimal number, then a binary-SI, decimal-SI or exponent suffix.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Grammar();

    private static decimal? ParseUncached(string text)
    {
        // KubernetesClient's parser is lenient ("1,5" reads as 15, "1 Gi" is accepted); the API server is not.
        if (text.Length > 64 || !Grammar().IsMatch(text))
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
