using System.Globalization;
using System.Text;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>How Go's fmt prints the values a template handles: %v, %s, %d and %q.</summary>
internal static class GoFormat
{
    /// <summary>What <c>{{ value }}</c> writes. Maps and lists are refused: printed raw into YAML they are always a bug.</summary>
    public static string Print(object? value, string where) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => Float(number),
        _ => throw new TemplateException($"{where}: cannot print a {TypeName(value)} into the output (use toYaml)"),
    };

    /// <summary>Sprig's strval, used by quote and toString: like %v.</summary>
    public static string ToText(object? value, string where) => value is null ? "<nil>" : Print(value, where);

    /// <summary>Go's %v of a float64: shortest digits, exponent form from 1e6 and below 1e-4 (strconv 'g', -1), so 1000000 prints as 1e+06.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0";
        }

        // Shortest round-trip digits and the decimal exponent, as strconv computes them.
        var exponential = Math.Abs(value).ToString("E16", CultureInfo.InvariantCulture);
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest.Split('E')[0].Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        var digits = mantissa.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var decimalExponent = int.Parse(exponential.Split('E')[1], CultureInfo.InvariantCulture);
        var exponent = decimalExponent;
        const int eprec = 6;
        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= eprec)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : "";
            return $"{sign}{digits[0]}{fraction}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        var point = exponent + 1;
        if (point <= 0)
        {
            return $"{sign}0.{new string('0', -point)}{digits}";
        }

        return point >= digits.Length ? sign + digits + new string('0', point - digits.Length) : $"{sign}{digits[..point]}.{digits[point..]}";
    }

    /// <summary>Go's strconv.Quote (%q of a string).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                case < 0x20 or 0x7f: builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default: builder.Append(rune.ToString()); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's fmt.Sprintf for the verbs %s, %d, %v, %q and %%; anything else, or a verb of the wrong type, fails.</summary>
    public static string Sprintf(string format, IReadOnlyList<object?> args, string where)
    {
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }

            if (++i >= format.Length)
            {
                throw new TemplateException($"{where}: printf format ends in %");
            }

            var verb = format[i];
            if (verb == '%')
            {
                builder.Append('%');
                continue;
            }

            if (next >= args.Count)
            {
                throw new TemplateException($"{where}: printf \"{format}\" has too few arguments");
            }

            var arg = args[next++];
            builder.Append((verb, arg) switch
            {
                ('s', string text) => text,
                ('d', long number) => number.ToString(CultureInfo.InvariantCulture),
                ('v', _) => ToText(arg, where),
                ('q', string text) => Quote(text),
                _ => throw new TemplateException($"{where}: printf %{verb} with a {TypeName(arg)} argument (Go would print %!{verb}(...))"),
            });
        }

        return next == args.Count ? builder.ToString() : throw new TemplateException($"{where}: printf \"{format}\" has too many arguments");
    }

    /// <summary>The Go type a value stands for, for errors.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        TemplateMap => "map",
        System.Collections.IList => "list",
        _ => value.GetType().Name,
    };
}
