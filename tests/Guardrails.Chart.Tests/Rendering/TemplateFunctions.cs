using System.Globalization;
using System.Text;

namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// The Go template, Sprig and Helm functions the chart may use, each with its Go semantics. Any other name fails the
/// render: a function added to the chart must be added here, deliberately, before the tests pass again.
/// (<c>and</c> and <c>or</c> short-circuit, so <see cref="TemplateEngine"/> evaluates them itself.)
/// </summary>
internal static class TemplateFunctions
{
    private static readonly Dictionary<string, Func<FunctionCall, object?>> Table = new(StringComparer.Ordinal)
    {
        ["include"] = c => c.Arity(2).Engine.Include(c.String(0), c.Arg(1), c.Where),
        ["toYaml"] = c => YamlEmitter.ToYaml(c.Arity(1).Arg(0)),
        ["nindent"] = c => "\n" + Indent(c.Arity(2).Int(0), c.String(1)),
        ["indent"] = c => Indent(c.Arity(2).Int(0), c.String(1)),
        ["quote"] = c => string.Join(' ', c.Args.Where(a => a is not null).Select(a => GoFormat.Quote(GoFormat.ToText(a, c.Where)))),
        ["toString"] = c => GoFormat.ToText(c.Arity(1).Arg(0), c.Where),
        ["default"] = Default,
        ["printf"] = c => GoFormat.Sprintf(c.AtLeast(1).String(0), [.. c.Args.Skip(1)], c.Where),
        ["trunc"] = c => Truncate(c.Arity(2).Int(0), c.String(1)),
        ["trimSuffix"] = c => c.Arity(2).String(1).EndsWith(c.String(0), StringComparison.Ordinal) && c.String(0).Length > 0
            ? c.String(1)[..^c.String(0).Length]
            : c.String(1),
        ["replace"] = c => c.Arity(3).String(0).Length == 0 ? throw c.Fail("empty old string") : c.String(2).Replace(c.String(0), c.String(1), StringComparison.Ordinal),
        ["contains"] = c => c.Arity(2).String(1).Contains(c.String(0), StringComparison.Ordinal),
        ["eq"] = c => c.AtLeast(2).Args.Skip(1).Any(other => Compare(c, c.Arg(0), other, ordered: false) == 0),
        ["ne"] = c => Compare(c.Arity(2), c.Arg(0), c.Arg(1), ordered: false) != 0,
        ["lt"] = c => Compare(c.Arity(2), c.Arg(0), c.Arg(1), ordered: true) < 0,
        ["le"] = c => Compare(c.Arity(2), c.Arg(0), c.Arg(1), ordered: true) <= 0,
        ["gt"] = c => Compare(c.Arity(2), c.Arg(0), c.Arg(1), ordered: true) > 0,
        ["ge"] = c => Compare(c.Arity(2), c.Arg(0), c.Arg(1), ordered: true) >= 0,
        ["not"] = c => !TemplateEngine.IsTrue(c.Arity(1).Arg(0)),
        ["b64enc"] = c => Convert.ToBase64String(Encoding.UTF8.GetBytes(c.Arity(1).String(0))),
        ["required"] = c => c.Arity(2).Arg(1) is null or "" ? throw new TemplateException($"{c.Where}: required: {c.String(0)}") : c.Arg(1),
        ["fail"] = c => throw new TemplateException($"{c.Where}: fail: {c.Arity(1).String(0)}"),
        ["int"] = c => ToInt(c.Arity(1)),
        ["add"] = c => c.AtLeast(1).Args.Select((_, i) => ToInt(new FunctionCall(c.Name, [c.Arg(i)], c.Where, c.Engine))).Sum(),
        ["len"] = c => Length(c.Arity(1)),
        ["list"] = c => c.Args.ToList(),
        ["dict"] = Dict,
        ["concat"] = c => c.Args.SelectMany((_, i) => c.List(i)).ToList(),
        ["uniq"] = c => c.Arity(1).List(0).Distinct().ToList(),
        ["has"] = c => c.Arity(2).List(1, nilIsEmpty: true).Contains(c.Arg(0)),
        ["index"] = Index,
        ["lookup"] = c => c.Arity(4).Engine.Lookup(c.String(0), c.String(1), c.String(2), c.String(3)),
        ["genCA"] = c => CertificateFunctions.GenerateCa(c.Arity(2).String(0), c.Int(1)),
        ["genSignedCert"] = GenerateSigned,
    };

    public static bool Exists(string name) => Table.ContainsKey(name);

    public static object? Call(FunctionCall call) =>
        Table.TryGetValue(call.Name, out var function)
            ? function(call)
            : throw new TemplateException($"{call.Where}: function \"{call.Name}\" is not supported by the test renderer (add it, with its Go semantics, to TemplateFunctions)");

    private static string Indent(long spaces, string text)
    {
        var pad = new string(' ', (int)spaces);
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Truncate(long count, string text) => count switch
    {
        < 0 when text.Length + count > 0 => text[(int)(text.Length + count)..],
        >= 0 when text.Length > count => text[..(int)count],
        _ => text,
    };

    // Go's eq and lt: values of one basic kind only; an int and a float64 do not compare.
    private static int Compare(FunctionCall call, object? left, object? right, bool ordered) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (bool a, bool b) when !ordered => a == b ? 0 : 1,
        _ => throw call.Fail($"incompatible types for comparison: {GoFormat.TypeName(left)} and {GoFormat.TypeName(right)}"),
    };

    // Sprig's toInt (cast.ToInt): floats truncate, strings parse or give 0, nil gives 0.
    private static long ToInt(FunctionCall call) => call.Arg(0) switch
    {
        long value => value,
        double value => (long)value,
        bool value => value ? 1 : 0,
        string text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
        null => 0,
        var other => throw call.Fail($"cannot convert a {GoFormat.TypeName(other)} to int"),
    };

    private static long Length(FunctionCall call) => call.Arg(0) switch
    {
        string text => Encoding.UTF8.GetByteCount(text),
        List<object?> list => list.Count,
        TemplateMap map => map.Count,
        var other => throw call.Fail($"len of a {GoFormat.TypeName(other)}"),
    };

    // Sprig's default: the first argument when the second is missing or empty.
    private static object? Default(FunctionCall call)
    {
        if (call.Args.Count is < 1 or > 2)
        {
            throw call.Fail($"takes 1 or 2 arguments, got {call.Args.Count}");
        }

        return call.Args.Count == 2 && TemplateEngine.IsTrue(call.Arg(1)) ? call.Arg(1) : call.Arg(0);
    }

    // genSignedCert CN IPs DNS-NAMES DAYS CA
    private static TemplateMap GenerateSigned(FunctionCall call)
    {
        call.Arity(5);
        if (call.List(1, nilIsEmpty: true).Count > 0)
        {
            throw call.Fail("IP addresses are not supported by the test renderer");
        }

        var names = call.List(2).Select(n => n as string ?? throw call.Fail("DNS names must be strings")).ToList();
        return CertificateFunctions.GenerateSigned(call.String(0), names, call.Int(3), call.Map(4));
    }

    private static TemplateMap Dict(FunctionCall call)
    {
        if (call.Args.Count % 2 != 0)
        {
            throw call.Fail("takes key and value pairs");
        }

        var entries = new List<KeyValuePair<string, object?>>();
        for (var i = 0; i < call.Args.Count; i += 2)
        {
            entries.Add(KeyValuePair.Create(call.String(i), call.Arg(i + 1)));
        }

        return new TemplateMap(entries, strict: false, "dict");
    }

    private static object? Index(FunctionCall call)
    {
        var current = call.AtLeast(2).Arg(0);
        foreach (var key in call.Args.Skip(1))
        {
            current = (current, key) switch
            {
                (TemplateMap map, string name) => map.Index(name),
                (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
                (List<object?>, long i) => throw call.Fail($"index {i} out of range"),
                _ => throw call.Fail($"cannot index a {GoFormat.TypeName(current)} with a {GoFormat.TypeName(key)}"),
            };
        }

        return current;
    }
}
