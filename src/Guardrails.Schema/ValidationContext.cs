using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>
/// State of one validation: the path to the value being checked and the failures seen.
/// Not thread-safe; one context serves one validation at a time.
/// </summary>
public sealed class ValidationContext
{
    private readonly List<SchemaFailure> _failures = [];
    private (string? Name, int Index)[] _path = new (string?, int)[32];
    private int _depth;
    private int _speculative;

    /// <summary>Creates a context.</summary>
    /// <param name="collectAll">Record every failure (for reporting on documents) instead of stopping at the first.</param>
    public ValidationContext(bool collectAll = false) => CollectAll = collectAll;

    /// <summary>Whether every failure is collected.</summary>
    public bool CollectAll { get; }

    /// <summary>The time limit of the evaluation this context serves; none unless the engine sets one.</summary>
    public EvaluationDeadline Deadline { get; } = new();

    /// <summary>Failures recorded so far.</summary>
    public IReadOnlyList<SchemaFailure> Failures => _failures;

    /// <summary>True while a failure only decides a branch (inside <c>not</c>, <c>anyOf</c>, <c>if</c>): record nothing, stop early.</summary>
    internal bool Speculative => _speculative > 0;

    internal bool StopAtFirstFailure => !CollectAll || _speculative > 0;

    /// <summary>
    /// What is known of the members of the value validated (the value at the path's root): set by the engine for a
    /// target that many rules judge; <see cref="Reset"/> clears it.
    /// </summary>
    public MemberMemo? RootMembers { get; set; }

    /// <summary>
    /// Whether keywords look up each member they read by name, as they all did before they learnt to find several in
    /// one pass over an object (<see cref="Keywords.MemberLookup"/>): the old path, kept for differential tests.
    /// </summary>
    internal bool LooksUpEachMember { get; init; }

    /// <summary>Clears the context for another validation.</summary>
    public void Reset()
    {
        _failures.Clear();
        _depth = 0;
        _speculative = 0;
        RootMembers = null;
    }

    /// <summary>
    /// The member <paramref name="utf8Name"/> of the object <paramref name="value"/>: from <see cref="RootMembers"/> when
    /// the value is the root (every keyword that checks another value, a member or an item, first puts it on the path).
    /// </summary>
    internal bool TryGetMember(JsonElement value, int nameId, byte[] utf8Name, out JsonElement member) =>
        _depth == 0 && RootMembers is { } memo
            ? memo.TryGet(value, nameId, utf8Name, out member)
            : value.TryGetProperty(utf8Name, out member);

    /// <summary>Whether the value checked now is the root, with <see cref="RootMembers"/> to look its members up in.</summary>
    internal bool AtRoot => _depth == 0 && RootMembers is not null;

    /// <summary>Counts one step of work against the deadline (cheap: the clock is read every few hundred steps).</summary>
    public void Step() => Deadline.Step();

    internal void Push(string name) => PushSegment((name, -1));

    internal void Push(int index) => PushSegment((null, index));

    internal void Pop() => _depth--;

    internal void BeginSpeculation() => _speculative++;

    internal void EndSpeculation() => _speculative--;

    internal bool Fail([InterpolatedStringHandlerArgument("")] ref FailureMessageHandler message)
    {
        if (_speculative == 0)
        {
            _failures.Add(new SchemaFailure(CurrentPointer(null), message.ToStringAndClear()));
        }

        return false;
    }

    internal bool FailAtChild(string child, [InterpolatedStringHandlerArgument("")] ref FailureMessageHandler message)
    {
        if (_speculative == 0)
        {
            _failures.Add(new SchemaFailure(CurrentPointer(child), message.ToStringAndClear()));
        }

        return false;
    }

    internal bool Fail(string message)
    {
        if (_speculative == 0)
        {
            _failures.Add(new SchemaFailure(CurrentPointer(null), message));
        }

        return false;
    }

    internal bool FailAtChild(string child, string message)
    {
        if (_speculative == 0)
        {
            _failures.Add(new SchemaFailure(CurrentPointer(child), message));
        }

        return false;
    }

    private void PushSegment((string?, int) segment)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _depth * 2);
        }

        // While speculating no failure is recorded, so no pointer is spelled out from what is pushed: only the depth
        // counts (it tells the root, where RootMembers serve). That saves a store with a GC write barrier per member and item.
        if (_speculative == 0)
        {
            _path[_depth] = segment;
        }

        _depth++;
    }

    private string CurrentPointer(string? child)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var (name, index) = _path[i];
            builder.Append('/');
            if (name is null)
            {
                builder.Append(index);
            }
            else
            {
                builder.Append(JsonPointer.Escape(name));
            }
        }

        if (child is not null)
        {
            builder.Append('/').Append(JsonPointer.Escape(child));
        }

        return builder.ToString();
    }
}
