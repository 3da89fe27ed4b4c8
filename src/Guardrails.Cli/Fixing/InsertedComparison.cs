using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Whether a document read back after a fix is its old self with exactly the insertions made, compared on the two read
/// documents without copying either into a <see cref="JsonNode"/> tree: every value outside the inserted members must
/// be deep-equal, each mapping an insertion lands in must hold its old members and the inserted ones and nothing else.
/// It decides only when each insertion's mapping exists in the old document and no insertion lands inside (or on) what
/// another one inserts; otherwise it answers null, and the caller applies the insertions to a copy and compares that.
/// </summary>
internal static class InsertedComparison
{
    /// <summary>True or false when decided as above; null when the insertions overlap or their mappings are not all in <paramref name="before"/>.</summary>
    public static bool? ReadsAsInserted(JsonElement before, JsonElement after, IReadOnlyList<FieldInsertion> made)
    {
        var root = new Level();
        var placed = new List<string[]>(made.Count);
        foreach (var insertion in made)
        {
            if (Place(before, root, insertion) is not { } path)
            {
                return null;
            }

            placed.Add(path);
        }

        for (var i = 0; i < placed.Count; i++)
        {
            for (var j = 0; j < placed.Count; j++)
            {
                // One insertion at or inside another's member: the order they are made in decides the result.
                if (i != j && placed[i].Length <= placed[j].Length && placed[j].AsSpan(0, placed[i].Length).SequenceEqual(placed[i]))
                {
                    return null;
                }
            }
        }

        return Equal(before, after, root);
    }

    // The insertions below one value: members set in it (when it is a mapping), and the levels of its children on the way
    // to deeper ones, by member name or by array index written in canonical form.
    private sealed class Level
    {
        public Dictionary<string, JsonNode?> Inserted { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Level> Children { get; } = new(StringComparer.Ordinal);
    }

    // Records the insertion under its mapping's level; its whole path (the mapping's, canonical, and its key), or null
    // when that mapping is not in the old document.
    private static string[]? Place(JsonElement before, Level root, FieldInsertion insertion)
    {
        var (element, level) = (before, root);
        var path = new string[insertion.Parent.Count + 1];
        for (var i = 0; i < insertion.Parent.Count; i++)
        {
            var token = insertion.Parent[i];
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var member))
            {
                element = member;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
                token = index.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                return null;
            }

            path[i] = token;
            level = level.Children.TryGetValue(token, out var child) ? child : level.Children[token] = new Level();
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        path[^1] = insertion.Key;
        level.Inserted[insertion.Key] = insertion.Value;
        return path;
    }

    private static bool Equal(JsonElement before, JsonElement after, Level? level)
    {
        if (level is null)
        {
            return JsonElement.DeepEquals(before, after);
        }

        if (before.ValueKind != after.ValueKind)
        {
            return false;
        }

        return before.ValueKind switch
        {
            JsonValueKind.Object => ObjectEqual(before, after, level),
            JsonValueKind.Array => ArrayEqual(before, after, level),
            _ => false,
        };
    }

    private static bool ObjectEqual(JsonElement before, JsonElement after, Level level)
    {
        var expected = 0;
        foreach (var member in before.EnumerateObject())
        {
            expected += level.Inserted.ContainsKey(member.Name) ? 0 : 1;
        }

        expected += level.Inserted.Count;
        var count = 0;
        foreach (var member in after.EnumerateObject())
        {
            count++;
            var equal = level.Inserted.TryGetValue(member.Name, out var inserted)
                ? JsonNode.DeepEquals(inserted, JsonNode.Parse(member.Value.GetRawText()))
                : before.TryGetProperty(member.Name, out var old) && Equal(old, member.Value, level.Children.GetValueOrDefault(member.Name));
            if (!equal)
            {
                return false;
            }
        }

        return count == expected;
    }

    private static bool ArrayEqual(JsonElement before, JsonElement after, Level level)
    {
        var length = before.GetArrayLength();
        if (after.GetArrayLength() != length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (!Equal(before[i], after[i], level.Children.GetValueOrDefault(i.ToString(CultureInfo.InvariantCulture))))
            {
                return false;
            }
        }

        return true;
    }
}
