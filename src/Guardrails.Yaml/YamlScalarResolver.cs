using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Guardrails.Yaml;

/// <summary>
/// Resolves plain YAML scalars the way kubectl does (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 rules),
/// so a manifest means here exactly what it will mean to the API server.
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly string[] TrueWords = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly string[] FalseWords = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
    private static readonly string[] NullWords = ["", "~", "null", "Null", "NULL"];

    /// <summary>
    /// The JSON member name for a mapping key: kubectl turns plain keys that resolve to booleans, null or
    /// integers into their canonical text (<c>on:</c> becomes <c>"true"</c>, <c>0x10:</c> becomes <c>"16"</c>).
    /// </summary>
    public static string KeyText(YamlScalar key)
    {
        // Only keys that could resolve to a non-string need the resolver; most keys are plain words.
        if (!key.IsPlain || (key.Value.Length > 0 && char.IsAsciiLetter(key.Value[0]) && !CouldBeWord(key.Value)))
        {
            return key.Value;
        }

        return ToElement(key) switch
        {
            { ValueKind: JsonValueKind.True } => "true",
            { ValueKind: JsonValueKind.False } => "false",
            { ValueKind: JsonValueKind.Null } => "null",
            { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out _) || number.TryGetUInt64(out _) => number.GetRawText(),
            _ => key.Value,
        };
    }

    private static bool CouldBeWord(string value) =>
        Array.IndexOf(TrueWords, value) >= 0 || Array.IndexOf(FalseWords, value) >= 0 || Array.IndexOf(NullWords, value) >= 0;

    /// <summary>Resolves plain text as YAML would (for defaults written in policies, such as <c>{{x ?? 2}}</c>).</summary>
    public static JsonElement Resolve(string plain) =>
        ToElement(new YamlScalar(default, plain, YamlDotNet.Core.ScalarStyle.Plain, null))
        ?? JsonSerializer.SerializeToElement(plain, DocumentJsonContext.Default.String);

    // The scalar's JSON value on its own; null when it has none (an out-of-range or non-finite number).
    private static JsonElement? ToElement(YamlScalar scalar)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (Write(scalar, writer) is not null)
            {
                return null;
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

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
            var fromBase = radix.Groups["prefix"].Value.ToLowerInvariant() switch { "0x" => 16, "0b" => 2, _ => 8 };
            try
            {
                var magnitude = Convert.ToUInt64(digits, fromBase);
                writer.WriteRawValue(string.Concat(negative ? "-" : string.Empty, magnitude.ToString(CultureInfo.InvariantCulture)), skipInputValidation: false);
            }
            catch (OverflowException)
            {
                // Past 64 bits Go's parser gives up on the number and the text stays a string.
                writer.WriteStringValue(text);
            }

            return true;
        }

        if (Float().IsMatch(clean))
        {
            var number = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(number))
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                // Out of float64 range: Go's parser fails and the text stays a string.
                writer.WriteStringValue(text);
            }

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

    [GeneratedRegex(@"^((?<prefix>0[xX])(?<digits>[0-9a-fA-F]+)|(?<prefix>0[bB])(?<digits>[01]+)|(?<prefix>0[oO]?)(?<digits>[0-7]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex RadixInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
