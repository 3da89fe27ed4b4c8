using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>
/// A container with writes of single values below it (<see cref="ContainerWrite"/>, set in order), read in place as the
/// node tree <c>JsonNodes.From</c> then <c>JsonNodes.Set</c> would give it: a repeated member keeps its last value and
/// its first place, a null member counts as absent, a write creates the objects above it that are absent and sets
/// nothing below a member that is not an object.
/// </summary>
internal readonly struct WrittenContainer(JsonElement container, IReadOnlyList<ContainerWrite> writes)
{
    /// <summary>True when the member at <paramref name="path"/> is an object once the writes are made.</summary>
    public bool IsObject(params ReadOnlySpan<string> path)
    {
        var found = container;
        for (var depth = 0; depth < path.Length; depth++)
        {
            if (Last(found, path[depth]) is not { } member)
            {
                // An absent object is created, with the absent ones above it, by a write below it (every write sets a
                // value deeper than any path read here).
                return Writes(path);
            }

            if (member.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            found = member;
        }

        return true;
    }

    /// <summary>The value of <paramref name="name"/> in the object at <paramref name="parent"/> once the writes are made; null when absent, null, or the parent is no object.</summary>
    public JsonElement? Member(string parent, string name) => Member([parent], name);

    /// <summary>The value of <paramref name="name"/> in the object at <paramref name="parent"/> and <paramref name="child"/> once the writes are made.</summary>
    public JsonElement? Member(string parent, string child, string name) => Member([parent, child], name);

    /// <summary>The member names of the object at <paramref name="parent"/> and <paramref name="child"/> once the writes are made, in the tree's order.</summary>
    public List<string> MemberNames(string parent, string child)
    {
        var names = new List<string>();
        if (Base([parent, child]) is { } written)
        {
            foreach (var member in written.EnumerateObject())
            {
                if (!names.Contains(member.Name, StringComparer.Ordinal))
                {
                    names.Add(member.Name);
                }
            }
        }

        foreach (var write in writes)
        {
            if (write.Tokens is [var first, var second, var name] && first == parent && second == child && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private JsonElement? Member(ReadOnlySpan<string> parent, string name)
    {
        if (!IsObject(parent))
        {
            return null;
        }

        for (var i = writes.Count - 1; i >= 0; i--)
        {
            var tokens = writes[i].Tokens;
            if (tokens.Length == parent.Length + 1 && tokens[^1] == name && parent.SequenceEqual(tokens.AsSpan(0, parent.Length)))
            {
                return writes[i].Value.ValueKind == JsonValueKind.Null ? null : writes[i].Value;
            }
        }

        return Base(parent) is { } written ? Last(written, name) : null;
    }

    // The object at path in the container as it came, when it is one there.
    private JsonElement? Base(ReadOnlySpan<string> path)
    {
        var found = container;
        foreach (var name in path)
        {
            if (Last(found, name) is not { ValueKind: JsonValueKind.Object } member)
            {
                return null;
            }

            found = member;
        }

        return found;
    }

    private bool Writes(ReadOnlySpan<string> below)
    {
        foreach (var write in writes)
        {
            if (write.Tokens.Length > below.Length && below.SequenceEqual(write.Tokens.AsSpan(0, below.Length)))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonElement? Last(JsonElement members, string name) =>
        members.ValueKind == JsonValueKind.Object && members.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
