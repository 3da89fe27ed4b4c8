using System.Text;
using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>RFC 6901 JSON Pointer helpers.</summary>
public static class JsonPointer
{
    /// <summary>Escapes one reference token (<c>~</c> to <c>~0</c>, <c>/</c> to <c>~1</c>).</summary>
    public static string Escape(string token) =>
        token.AsSpan().IndexOfAny('~', '/') < 0 ? token : token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Builds a pointer from unescaped reference tokens.</summary>
    public static string Build(IEnumerable<string> tokens)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append('/').Append(Escape(token));
        }

        return builder.ToString();
    }

    /// <summary>Appends one unescaped token to a pointer.</summary>
    public static string Append(string pointer, string token) => string.Concat(pointer, "/", Escape(token));

    /// <summary>Appends an array index to a pointer.</summary>
    public static string Append(string pointer, int index) => string.Concat(pointer, "/", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Splits a pointer into unescaped tokens; <c>false</c> when it is not a valid pointer.</summary>
    public static bool TryParse(string pointer, out string[] tokens)
    {
        tokens = [];
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        var parts = pointer[1..].Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            for (var c = 0; c < part.Length; c++)
            {
                if (part[c] == '~' && (c + 1 >= part.Length || part[c + 1] is not ('0' or '1')))
                {
                    return false;
                }
            }

            parts[i] = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        tokens = parts;
        return true;
    }

    /// <summary>Resolves <paramref name="tokens"/> below <paramref name="root"/>.</summary>
    public static bool TryResolve(JsonElement root, IReadOnlyList<string> tokens, out JsonElement value)
    {
        value = root;
        foreach (var token in tokens)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.TryGetProperty(token, out var child):
                    value = child;
                    break;
                case JsonValueKind.Array when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength():
                    value = value[index];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
