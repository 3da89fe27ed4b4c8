using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guardrails.Engine.Documents;

/// <summary>
/// Resolves plain YAML scalars the way kubectl does (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 rules),
/// so a manifest means here exactly what it will mean to the API server.
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly string[] TrueWords = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly string[] FalseWords = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
    private static readonly string[] NullWords = ["", "~", "null", "Null", "NULL"];

    /// <summary>Writes <paramref name="scalar"/> as JSON; returns an error message when it has no JSON form.</summary>
    public static string? Write(YamlScalar scalar, Utf8JsonWriter writer)
    {
        var value = scalar.Value;
        switch (scalar.Tag)
        {
            case null when !scalar.IsPlain:
            case "tag:yaml.org,2002:str":
                writer.WriteStringValue(value);
                return null;
            case "tag:yaml.org,2002:null":
                writer.WriteNullValue();
                return null;
        }

        if (Array.IndexOf(NullWords, value) >= 0)
        {
            writer.WriteNullValue();
            return null;
        }

        if (Array.IndexOf(TrueWords, value) >= 0 || Array.IndexOf(FalseWords, value) >= 0)
        {
            writer.WriteBooleanValue(Array.IndexOf(TrueWords, value) >= 0);
            return null;
        }

        if (value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.') && TryWriteNumber(value, writer, out var error))
        {
            return error;
        }

        writer.WriteStringValue(value);
        return null;
    }

    private static bool TryWriteNumber(string text, Utf8JsonWriter writer, out string? error)
    {
        error = null;
        var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var unsigned = clean.TrimStart('-', '+');
        if (DecimalInteger().IsMatch(clean))
        {
            if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteRawValue(clean.TrimStart('+'), skipInputValidation: false);
            }

            return true;
        }

        if (RadixInteger().Match(unsigned) is { Success: true } radix)
        {
            var digits = radix.Groups["digits"].Value;
            var fromBase = radix.Groups["prefix"].Value switch { "0x" => 16, "0b" => 2, _ => 8 };
            try
            {
                var number = Convert.ToInt64(digits, fromBase);
                writer.WriteNumberValue(negative ? -number : number);
            }
            catch (OverflowException)
            {
                error = $"integer '{text}' does not fit in 64 bits";
            }

            return true;
        }

        if (Float().IsMatch(clean))
        {
            writer.WriteNumberValue(double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture));
            return true;
        }

        if (unsigned is ".inf" or ".Inf" or ".INF" or ".nan" or ".NaN" or ".NAN")
        {
            error = $"'{text}' has no JSON representation (infinity and NaN are not valid in Kubernetes objects)";
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^((?<prefix>0x)(?<digits>[0-9a-fA-F]+)|(?<prefix>0b)(?<digits>[01]+)|(?<prefix>0o?)(?<digits>[0-7]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex RadixInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
