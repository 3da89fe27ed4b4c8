namespace Guardrails.Cli.Fixing;

/// <summary>One edit of a file's text: <paramref name="Length"/> characters at <paramref name="Start"/> become <paramref name="Text"/>.</summary>
/// <param name="Start">Offset in the original text.</param>
/// <param name="Length">Characters replaced (0 for an insertion).</param>
/// <param name="Text">The new text.</param>
/// <param name="Depth">How deep the edited mapping is: of two insertions at one offset, the deeper one goes first, so that it stays inside its mapping.</param>
internal sealed record TextSplice(int Start, int Length, string Text, int Depth)
{
    /// <summary>Applies <paramref name="splices"/> (in <see cref="Order"/>) to <paramref name="text"/>; null when two of them overlap.</summary>
    public static string? Apply(string text, IReadOnlyList<TextSplice> splices)
    {
        var result = new System.Text.StringBuilder(text.Length + splices.Sum(s => s.Text.Length));
        var at = 0;
        foreach (var splice in splices)
        {
            if (splice.Start < at)
            {
                return null;
            }

            result.Append(text, at, splice.Start - at).Append(splice.Text);
            at = splice.Start + splice.Length;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The splices in the order they apply: by offset, deeper first at one offset.</summary>
    public static List<TextSplice> Order(IEnumerable<TextSplice> splices) =>
        [.. splices.OrderBy(s => s.Start).ThenByDescending(s => s.Depth)];
}
