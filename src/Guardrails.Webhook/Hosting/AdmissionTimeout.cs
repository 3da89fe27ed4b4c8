using System.Globalization;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// The evaluation deadline: well under the API server's own timeout (the <c>?timeout=5s</c> it puts on the path),
/// and never over the configured cap, so an answer always arrives before the API server gives up.
/// </summary>
internal static class AdmissionTimeout
{
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);

    public static TimeSpan Deadline(string? timeoutQuery, TimeSpan cap)
    {
        if (TryParseGoDuration(timeoutQuery, out var apiServerTimeout))
        {
            // Leave room for the network and the answer: 60% of what the API server waits.
            var share = TimeSpan.FromTicks(apiServerTimeout.Ticks * 6 / 10);
            return share < Floor ? Floor : share < cap ? share : cap;
        }

        return cap;
    }

    /// <summary>Parses the durations the API server writes (<c>5s</c>, <c>500ms</c>, <c>1m30s</c>); beyond a day counts as a day.</summary>
    public static bool TryParseGoDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var seconds = 0.0;
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsLetter(span[unitLength]))
            {
                unitLength++;
            }

            double? unit = span[..unitLength] switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 1e-3,
                "us" or "\u00b5s" or "\u03bcs" => 1e-6,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            // In seconds, as a double: a query like 1e300h must not overflow TimeSpan.
            seconds += value * unit.Value;
            span = span[unitLength..];
        }

        duration = TimeSpan.FromSeconds(Math.Min(seconds, MaxSeconds));
        return duration > TimeSpan.Zero;
    }

    private const double MaxSeconds = 24 * 3600;
}
