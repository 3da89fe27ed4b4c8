using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;
using Guardrails.Schema;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// What the rules of one evaluation found in its pod spec and each container, by the target's
/// <see cref="Target.Slot"/>: the member memo that every rule judging the target shares, and whether the target passes
/// every rule that <see cref="FusedChecks"/> judges at once. Reused from one evaluation to the next on the same thread.
/// Not thread-safe.
/// </summary>
internal sealed class TargetMemos
{
    /// <summary>How many targets of one object get a memo: the rest are judged without one, so a huge object cannot grow the pool.</summary>
    public const int MaxTargets = 32;

    private readonly MemberMemo?[] _pool = new MemberMemo?[MaxTargets];

    // Per slot: _generation when its memo serves this evaluation; _verdicts[slot] is then 0 (not asked), 1 (passes) or -1.
    private readonly int[] _stamps = new int[MaxTargets];
    private readonly sbyte[] _verdicts = new sbyte[MaxTargets];
    private int _generation;

    // The slots of each container selection (flags, so 16 of them) in this evaluation, worked out on first use.
    private readonly ulong[] _selectionSlots = new ulong[16];
    private int _selectionsKnown;

    /// <summary>A bit for each slot whose target is known to pass every fused rule (<see cref="Keep"/>).</summary>
    public ulong Passing { get; private set; }

    /// <summary>Forgets the previous evaluation's targets.</summary>
    public void Clear()
    {
        Passing = 0;
        _selectionsKnown = 0;
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>The memo of <paramref name="target"/> of a rule aimed at <paramref name="kind"/>; null for the object itself (its rules may judge a copy) and beyond <see cref="MaxTargets"/>.</summary>
    public MemberMemo? For(RuleTarget kind, in Target target)
    {
        var slot = target.Slot;
        if (kind == RuleTarget.Object || (uint)slot >= MaxTargets)
        {
            return null;
        }

        var memo = _pool[slot] ??= new MemberMemo();
        if (_stamps[slot] != _generation)
        {
            _stamps[slot] = _generation;
            _verdicts[slot] = 0;
            memo.Clear();
        }

        return memo;
    }

    /// <summary>The slots <paramref name="rule"/> judges among <paramref name="targets"/> (<see cref="ObjectTargets.Slots"/>), kept by container selection.</summary>
    public ulong SlotsOf(Rule rule, ObjectTargets targets)
    {
        if (rule.Target != RuleTarget.Container)
        {
            return targets.Slots(rule);
        }

        var selection = (int)rule.ContainerSelection & 15;
        if ((_selectionsKnown & (1 << selection)) == 0)
        {
            _selectionSlots[selection] = targets.Slots(rule);
            _selectionsKnown |= 1 << selection;
        }

        return _selectionSlots[selection];
    }

    /// <summary>Whether the target of <paramref name="slot"/> (given a memo by <see cref="For"/>) passes every fused rule; null when not yet known.</summary>
    public bool? Verdict(int slot) => _verdicts[slot] switch
    {
        1 => true,
        -1 => false,
        _ => null,
    };

    /// <summary>Keeps <see cref="Verdict"/> for the rest of the evaluation.</summary>
    public void Keep(int slot, bool passes)
    {
        _verdicts[slot] = passes ? (sbyte)1 : (sbyte)-1;
        if (passes)
        {
            Passing |= 1UL << slot;
        }
    }
}
