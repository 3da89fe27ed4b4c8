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

    /// <summary>Parses the durations the API server writes (<c>5s</c>, <c>500ms</c>, <c>1m30s</c>).</summary>
    public static bool TryParseGoDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

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
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            TimeSpan? part = span[..unitLength] switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                _ => null,
            };
            if (part is null)
            {
                return false;
            }

            duration += part.Value;
            span = span[unitLength..];
        }

        return duration > TimeSpan.Zero;
    }
}
