namespace Guardrails.Fuzz.Tests;

/// <summary>The kept fuzz inputs (<c>tests/Guardrails.Fuzz/Regressions/TARGET/FILE</c>) and the known-open list.</summary>
internal static class KeptInputs
{
    public const string KnownOpenFile = "known-open.txt";

    /// <summary>Every kept input as (target, file name), whether known open or not.</summary>
    public static IEnumerable<(string Target, string File)> All() =>
        Directory.EnumerateDirectories(Path.Combine(RepoPaths.TestProject("Guardrails.Fuzz"), "Regressions"))
            .Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)
                .Select(file => (Path.GetFileName(folder), Path.GetFileName(file))));

    public static string PathOf(string target, string file) => Path.Combine(Path.Combine(RepoPaths.TestProject("Guardrails.Fuzz"), "Regressions"), target, file);

    /// <summary>"TARGET/FILE" → why it is still open, from <see cref="KnownOpenFile"/>.</summary>
    public static IReadOnlyDictionary<string, string> KnownOpen { get; } = ReadKnownOpen();

    private static Dictionary<string, string> ReadKnownOpen()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Path.Combine(RepoPaths.TestProject("Guardrails.Fuzz"), "Regressions"), KnownOpenFile)))
        {
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var split = text.IndexOfAny([' ', '\t']);
            entries[split < 0 ? text : text[..split]] = split < 0 ? string.Empty : text[split..].Trim();
        }

        return entries;
    }
}
