using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>
/// The members of one object that rules have looked up so far, by the number the schema compiler gives each member name: every rule of a
/// pack that reads a container's <c>resources</c> or <c>securityContext</c> finds it once, not once per rule. Holds one
/// object at a time; <see cref="Clear"/> forgets it for the next. Not thread-safe: one evaluation uses it.
/// </summary>
public sealed class MemberMemo
{
    // _stamps[id] is _generation when the member was found (its value in _values), -_generation when it is absent,
    // anything else when it was not looked up for the current object.
    private int[] _stamps = [];
    private JsonElement[] _values = [];
    private int _generation = 1;

    /// <summary>Forgets the object, so that the memo serves another.</summary>
    public void Clear()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            Array.Clear(_values);
            _generation = 1;
        }
    }

    /// <summary>The member <paramref name="utf8Name"/> (number <paramref name="id"/>) of <paramref name="value"/>, the object this memo holds.</summary>
    public bool TryGet(JsonElement value, int id, ReadOnlySpan<byte> utf8Name, out JsonElement member)
    {
        MakeRoom(id);
        var stamp = _stamps[id];
        if (stamp == _generation)
        {
            member = _values[id];
            return true;
        }

        if (stamp == -_generation)
        {
            member = default;
            return false;
        }

        var found = value.TryGetProperty(utf8Name, out member);
        Keep(id, found, member);
        return found;
    }

    /// <summary>Whether the member of every number of <paramref name="ids"/> was looked up, found or not.</summary>
    internal bool KnowsAll(int[] ids)
    {
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_stamps.Length || (_stamps[id] != _generation && _stamps[id] != -_generation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps what was found of the member number <paramref name="id"/>: <paramref name="member"/> when <paramref name="found"/>.</summary>
    internal void Keep(int id, bool found, JsonElement member)
    {
        MakeRoom(id);
        _stamps[id] = found ? _generation : -_generation;
        _values[id] = found ? member : default;
    }

    private void MakeRoom(int id)
    {
        if (id >= _stamps.Length)
        {
            var length = Math.Max(id + 1, _stamps.Length * 2);
            Array.Resize(ref _stamps, length);
            Array.Resize(ref _values, length);
        }
    }
}
