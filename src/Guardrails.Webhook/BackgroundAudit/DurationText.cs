using System.Globalization;
using System.Text.RegularExpressions;

namespace Guardrails.Webhook.BackgroundAudit;

/// <summary>Durations as Kubernetes and Go write them: <c>90s</c>, <c>10m</c>, <c>1h30m</c> (units h, m, s, ms; whole or decimal numbers).</summary>
internal static partial class DurationText
{
    /// <summary>The duration <paramref name="text"/> names; false when it is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || !Whole().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in Part().Matches(text))
        {
            var number = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            value += part.Groups["u"].Value switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMilliseconds(number),
            };
        }

        return true;
    }

    /// <summary><c>1h30m</c>, <c>45s</c>, <c>1.5s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var text = (value.Days * 24 + value.Hours > 0 ? $"{value.Days * 24 + value.Hours}h" : "")
            + (value.Minutes > 0 ? $"{value.Minutes}m" : "")
            + (value.Seconds > 0 || value.Milliseconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{value.Seconds + (value.Milliseconds / 1000.0):0.###}s") : "");
        return text.Length == 0 ? "0s" : text;
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(ms|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>ms|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
