using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>
/// The member names one keyword reads, and how it finds them in an object: up to <see cref="FoundMembers.Length"/>
/// names in one pass over the object's members, where a lookup by name would pass over them once for each name.
/// Immutable and thread-safe.
/// </summary>
internal sealed class MemberLookup
{
    private readonly byte[][] _utf8Names;
    private readonly int[] _ids;

    // _byLength[n]: a bit for each name of n bytes.
    private readonly int[] _byLength;
    private readonly int _shortest;

    // A bit for each byte that begins a name, and for the backslash that begins an escape.
    private readonly ulong[] _firstBytes = new ulong[4];

    // One pass pays from two names on. A name holding a backslash is looked up: the raw text of an escaped member name
    // could equal it without the member having that name.
    private readonly bool _walks;

    public MemberLookup(string[] names)
    {
        Names = names;
        _utf8Names = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        _ids = names.Select(MemberNames.Id).ToArray();
        CanFindAll = names.Length <= FoundMembers.Length;
        _walks = CanFindAll && names.Length >= 2 && !names.Any(name => name.Contains('\\', StringComparison.Ordinal));
        _shortest = _utf8Names.Length == 0 ? 0 : _utf8Names.Min(name => name.Length);
        _byLength = new int[_utf8Names.Length == 0 ? 0 : _utf8Names.Max(name => name.Length) + 1];
        for (var i = 0; i < _utf8Names.Length && CanFindAll; i++)
        {
            _byLength[_utf8Names[i].Length] |= 1 << i;
            if (_utf8Names[i].Length > 0)
            {
                Mark(_utf8Names[i][0]);
            }
        }

        Mark((byte)'\\');
    }

    /// <summary>The names, each once.</summary>
    public string[] Names { get; }

    /// <summary>Whether <see cref="FindAll"/> can keep every name's member; otherwise look them up one by one (<see cref="TryGet"/>).</summary>
    public bool CanFindAll { get; }

    /// <summary>
    /// The members of the object <paramref name="value"/> with the names: a bit for each name found (by its position),
    /// its value in <paramref name="found"/>. A repeated member gives its last value, as a lookup by name does. At the
    /// root, what <see cref="ValidationContext.RootMembers"/> knows is used and what was found is kept there.
    /// </summary>
    public int FindAll(JsonElement value, ValidationContext context, ref FoundMembers found)
    {
        var walks = _walks && !context.LooksUpEachMember;
        if (context.AtRoot)
        {
            var memo = context.RootMembers!;
            if (walks && !memo.KnowsAll(_ids) && Walk(value, ref found, out var walked))
            {
                for (var i = 0; i < _ids.Length; i++)
                {
                    memo.Keep(_ids[i], (walked & (1 << i)) != 0, found[i]);
                }

                return walked;
            }
        }
        else if (walks && Walk(value, ref found, out var walked))
        {
            return walked;
        }

        var present = 0;
        for (var i = 0; i < _ids.Length; i++)
        {
            if (context.TryGetMember(value, _ids[i], _utf8Names[i], out found[i]))
            {
                present |= 1 << i;
            }
        }

        return present;
    }

    /// <summary>The member of the object <paramref name="value"/> with the name at <paramref name="index"/>.</summary>
    public bool TryGet(JsonElement value, ValidationContext context, int index, out JsonElement member) =>
        context.TryGetMember(value, _ids[index], _utf8Names[index], out member);

    // False when a member's name is escaped and could be one of ours once unescaped: the object is then read by lookups,
    // which compare names unescaped. A member found later overwrites one found earlier, so the last one stays.
    private bool Walk(JsonElement value, ref FoundMembers found, out int present)
    {
        present = 0;
        foreach (var member in value.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            var candidates = (uint)name.Length < (uint)_byLength.Length ? _byLength[name.Length] : 0;
            var matched = false;
            while (candidates != 0)
            {
                var i = BitOperations.TrailingZeroCount(candidates);
                if (name.SequenceEqual(_utf8Names[i]))
                {
                    found[i] = member.Value;
                    present |= 1 << i;
                    matched = true;
                    break;
                }

                candidates &= candidates - 1;
            }

            // An escape takes more bytes than the character it stands for (an escaped name as short as our shortest is none
            // of ours), and keeps the characters around it (one that begins with none of our first characters is none of ours).
            if (!matched && name.Length > _shortest && Begins(name[0]) && name.Contains((byte)'\\'))
            {
                return false;
            }
        }

        return true;
    }

    private void Mark(byte first) => _firstBytes[first >> 6] |= 1UL << (first & 63);

    private bool Begins(byte first) => (_firstBytes[first >> 6] & (1UL << (first & 63))) != 0;
}
