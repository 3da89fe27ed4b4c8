using System.Text;
using Guardrails.Schema;
using Guardrails.Yaml.Layout;
using YamlDotNet.Core;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Finds where each new member goes in a document's text and writes it there in the style of its siblings: a block
/// mapping gets new lines after its last entry, at its entries' column (nested members one indentation step further,
/// the step the document already uses); a flow mapping gets <c>, key: value</c> before its closing brace; a member
/// written as null gets its value in place of the null. Nothing else of the text is touched.
/// </summary>
/// <param name="text">The whole file's text.</param>
/// <param name="document">The edited document's layout.</param>
internal sealed class YamlTextEditor(string text, LayoutDocument document)
{
    private const int DefaultStep = 2;
    private int? _step;

    /// <summary>The splices that add <paramref name="insertions"/>, and each insertion that cannot be made, with the reason.</summary>
    public (List<TextSplice> Splices, List<(FieldInsertion Insertion, string Reason)> Refused) Edit(IReadOnlyList<FieldInsertion> insertions)
    {
        var splices = new List<TextSplice>();
        var refused = new List<(FieldInsertion, string)>();
        foreach (var group in insertions.GroupBy(i => JsonPointer.Build(i.Parent), StringComparer.Ordinal))
        {
            var members = group.ToList();
            if (Resolve(members[0].Parent, out var reason) is not { } parent)
            {
                refused.AddRange(members.Select(m => (m, reason!)));
                continue;
            }

            var added = new List<FieldInsertion>();
            foreach (var member in members)
            {
                var existing = parent.Entries.FirstOrDefault(e => e.Key is LayoutScalar key && key.Value == member.Key);
                if (existing.Key is null)
                {
                    added.Add(member);
                }
                else if (ReplaceNull(parent, existing.Key, existing.Value, member, members[0].Parent.Count) is { } splice)
                {
                    splices.Add(splice);
                }
                else
                {
                    refused.Add((member, $"{member.Pointer} is written in a form a fix does not edit"));
                }
            }

            if (added.Count > 0)
            {
                splices.Add(parent.Flow ? AddToFlow(parent, added, members[0].Parent.Count) : AddToBlock(parent, added, members[0].Parent.Count));
            }
        }

        return (splices, refused);
    }

    // The mapping at the tokens, reached through the file's own nodes only: a node reached through an alias or a merge
    // key, or one that aliases share, cannot be edited for this object alone.
    private LayoutMapping? Resolve(IReadOnlyList<string> tokens, out string? reason)
    {
        var node = document.Root;
        var path = string.Empty;
        for (var i = 0; ; i++)
        {
            if (node is LayoutAlias)
            {
                reason = $"{Show(path)} is an alias of a node written elsewhere, which a fix does not edit";
                return null;
            }

            if (node is not null && node.Anchor.Length > 0 && document.AliasedAnchors.Contains(node.Anchor))
            {
                reason = $"{Show(path)} is shared through the anchor &{node.Anchor}, and a fix edits only what belongs to one object";
                return null;
            }

            if (i == tokens.Count)
            {
                reason = node is LayoutMapping ? null : $"{Show(path)} is not a mapping in the file";
                return node as LayoutMapping;
            }

            var token = tokens[i];
            path = JsonPointer.Append(path, token);
            node = node switch
            {
                LayoutMapping mapping => mapping.Entries.FirstOrDefault(e => e.Key is LayoutScalar key && key.Value == token).Value,
                LayoutSequence sequence when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < sequence.Items.Count => sequence.Items[index],
                _ => null,
            };

            if (node is null)
            {
                reason = $"{Show(path)} is not written in the file itself (it comes from a merge key)";
                return null;
            }
        }
    }

    private static string Show(string pointer) => pointer.Length == 0 ? "the document" : pointer;

    private TextSplice AddToBlock(LayoutMapping parent, List<FieldInsertion> added, int depth)
    {
        var column = ColumnOf(parent.Entries[0].Key.Start);
        var last = parent.Entries[^1];
        var contentEnd = EntryEnd(last.Key, last.Value);
        var (at, newline, missingNewline) = LineAfter(contentEnd);
        var entries = new StringBuilder();
        if (missingNewline)
        {
            entries.Append(newline);
        }

        foreach (var member in added)
        {
            YamlValueWriter.WriteEntry(entries, member.Key, member.Value, column, Step, newline, QuoteOf(parent));
        }

        if (missingNewline)
        {
            // The file ends without a line break, and goes on doing so.
            entries.Length -= newline.Length;
        }

        return new TextSplice(at, 0, entries.ToString(), depth);
    }

    private TextSplice AddToFlow(LayoutMapping parent, List<FieldInsertion> added, int depth)
    {
        var quote = QuoteOf(parent);
        var written = string.Join(", ", added.Select(m => $"{YamlValueWriter.Scalar(m.Key, quote)}: {YamlValueWriter.Flow(m.Value, quote)}"));
        if (parent.Entries.Count == 0)
        {
            return new TextSplice(text.IndexOf('{', parent.Start) + 1, 0, written, depth);
        }

        var last = parent.Entries[^1];
        return new TextSplice(EntryEnd(last.Key, last.Value), 0, ", " + written, depth);
    }

    // A member written as null (`key:`, `key: null`, `key: ~`) gets its value after the colon, the null text replaced.
    private TextSplice? ReplaceNull(LayoutMapping parent, LayoutNode key, LayoutNode value, FieldInsertion member, int depth)
    {
        if (value is not LayoutScalar { Style: ScalarStyle.Plain or ScalarStyle.Any, Tagged: false } scalar || !IsNull(scalar.Value) || value.Anchor.Length > 0)
        {
            return null;
        }

        var colon = key.End;
        while (colon < text.Length && text[colon] is ' ' or '\t')
        {
            colon++;
        }

        if (colon >= text.Length || text[colon] != ':')
        {
            return null;
        }

        var start = colon + 1;
        var end = scalar.Value.Length == 0 ? start : scalar.End;
        var quote = QuoteOf(parent);
        if (parent.Flow)
        {
            return new TextSplice(start, end - start, " " + YamlValueWriter.Flow(member.Value, quote), depth);
        }

        var newline = NewlineAt(start);
        var written = new StringBuilder();
        YamlValueWriter.WriteValue(written, member.Value, ColumnOf(key.Start), Step, newline, quote);

        // The line's own end (and any comment on it) stays after the value.
        written.Length -= newline.Length;
        return new TextSplice(start, end - start, written.ToString(), depth);
    }

    private static bool IsNull(string plain) => plain is "" or "~" or "null" or "Null" or "NULL";

    // Where a block entry's content ends: a value written empty (`key:`) ends at its key.
    private static int EntryEnd(LayoutNode key, LayoutNode value) =>
        value is LayoutScalar { Value.Length: 0, Style: ScalarStyle.Plain or ScalarStyle.Any } ? key.End : ContentEnd(value);

    private static int ContentEnd(LayoutNode node) => node switch
    {
        LayoutMapping { Flow: false, Entries.Count: > 0 } mapping => EntryEnd(mapping.Entries[^1].Key, mapping.Entries[^1].Value),
        LayoutSequence { Flow: false, Items.Count: > 0 } sequence => ContentEnd(sequence.Items[^1]),
        _ => node.End,
    };

    // The start of the line after the one holding the content's last character (a block scalar's content already ends
    // with its line break), the line break the file uses there, and whether the file ends before any.
    private (int At, string Newline, bool MissingNewline) LineAfter(int contentEnd)
    {
        if (contentEnd > 0 && text[contentEnd - 1] == '\n')
        {
            return (contentEnd, NewlineAt(contentEnd - 1), false);
        }

        var newline = text.IndexOf('\n', contentEnd);
        return newline < 0 ? (text.Length, NewlineAt(contentEnd), true) : (newline + 1, NewlineAt(newline), false);
    }

    // The line break of the line at the offset, or the file's first one when that line has none.
    private string NewlineAt(int offset)
    {
        var newline = text.IndexOf('\n', Math.Min(offset, text.Length));
        if (newline < 0)
        {
            newline = text.IndexOf('\n', StringComparison.Ordinal);
        }

        return newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
    }

    private int ColumnOf(int offset) => offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1);

    // The indentation step of the document: how much further in the first nested block mapping's entries are than
    // the key that holds it.
    private int Step => _step ??= FindStep(document.Root) ?? DefaultStep;

    private int? FindStep(LayoutNode? node)
    {
        switch (node)
        {
            case LayoutMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    if (!mapping.Flow && value is LayoutMapping { Flow: false, Entries.Count: > 0 } inner && ColumnOf(inner.Entries[0].Key.Start) - ColumnOf(key.Start) is > 0 and var step)
                    {
                        return step;
                    }

                    if (FindStep(value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case LayoutSequence sequence:
                return sequence.Items.Select(FindStep).FirstOrDefault(s => s is not null);
            default:
                return null;
        }
    }

    // Strings are quoted like the mapping's other string values when every one of them is quoted the same way.
    private static char QuoteOf(LayoutMapping mapping)
    {
        var styles = mapping.Entries.Select(e => e.Value).OfType<LayoutScalar>()
            .Where(s => s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted || YamlValueWriter.IsPlain(s.Value))
            .Select(s => s.Style).Distinct().ToList();
        return styles switch
        {
            [ScalarStyle.DoubleQuoted] => '"',
            [ScalarStyle.SingleQuoted] => '\'',
            _ => '\0',
        };
    }
}
