namespace Guardrails.Chart.Tests.Rendering;

/// <summary>
/// A map as templates see it, with keys in Go's sorted order. A strict map (values, .Release, .Chart, certificates)
/// refuses a missing field instead of yielding nil, so a misspelt path fails the render; a lenient one (dict,
/// lookup results) yields nil, as Helm does.
/// </summary>
internal sealed class TemplateMap
{
    private readonly SortedDictionary<string, object?> entries;

    public TemplateMap(IEnumerable<KeyValuePair<string, object?>> entries, bool strict, string description)
    {
        this.entries = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            this.entries[key] = value;
        }

        Strict = strict;
        Description = description;
    }

    public bool Strict { get; }

    /// <summary>Where the map comes from, for errors: ".Values.image", "dict", ...</summary>
    public string Description { get; }

    public int Count => entries.Count;

    public IEnumerable<KeyValuePair<string, object?>> Entries => entries;

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    /// <summary>The field <paramref name="name"/>; a missing one is nil in a lenient map and an error in a strict one.</summary>
    public object? Field(string name)
    {
        if (entries.TryGetValue(name, out var value))
        {
            return value;
        }

        return Strict ? throw new TemplateException($"{Description} has no field '{name}'") : null;
    }

    /// <summary>The value under <paramref name="key"/>, nil when missing (the <c>index</c> function never fails on a map).</summary>
    public object? Index(string key) => entries.TryGetValue(key, out var value) ? value : null;
}
