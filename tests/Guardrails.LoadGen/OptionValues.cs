using System.Globalization;

namespace Guardrails.LoadGen;

/// <summary>The <c>--name value</c> pairs of a command line: each is taken once, and one left over is an unknown option.</summary>
internal sealed class OptionValues
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private OptionValues()
    {
    }

    public static OptionValues Parse(string[] args)
    {
        var options = new OptionValues();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument {args[i]}");
            }

            options._values[args[i][2..]] = args[++i];
        }

        return options;
    }

    public string? Get(string name) => _values.Remove(name, out var value) ? value : null;

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    /// <summary>A number above <paramref name="minimum"/> (or equal to it when <paramref name="inclusive"/>); null when not given.</summary>
    public double? Number(string name, double minimum = 0, bool inclusive = false) =>
        Get(name) is not { } text ? null
        : double.TryParse(text, CultureInfo.InvariantCulture, out var value) && (value > minimum || (inclusive && value == minimum)) ? value
        : throw new ArgumentException(inclusive ? $"--{name} must be a number, {minimum} or more" : $"--{name} must be a number above {minimum}");

    /// <summary>Throws for the first option no one took.</summary>
    public void EnsureAllTaken()
    {
        if (_values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{_values.Keys.First()}");
        }
    }
}
