using Guardrails.Engine.Format;
using Guardrails.Schema;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// The member memos of one evaluation's pod spec and containers, each shared by every rule that judges that target,
/// and reused from one evaluation to the next on the same thread. Not thread-safe.
/// </summary>
internal sealed class TargetMemos
{
    /// <summary>How many targets of one object get a memo: the rest are judged without one, so a huge object cannot grow the pool.</summary>
    public const int MaxTargets = 32;

    private readonly List<MemberMemo> _pool = [];
    private readonly (string? Field, int Index)[] _owners = new (string?, int)[MaxTargets];
    private int _used;

    /// <summary>Forgets the previous evaluation's targets.</summary>
    public void Clear() => _used = 0;

    /// <summary>The memo of <paramref name="target"/> of a rule aimed at <paramref name="kind"/>; null for the object itself (its rules may judge a copy) and beyond <see cref="MaxTargets"/>.</summary>
    public MemberMemo? For(RuleTarget kind, in Target target)
    {
        if (kind == RuleTarget.Object)
        {
            return null;
        }

        for (var i = 0; i < _used; i++)
        {
            if (_owners[i].Index == target.Index && string.Equals(_owners[i].Field, target.Field, StringComparison.Ordinal))
            {
                return _pool[i];
            }
        }

        if (_used == MaxTargets)
        {
            return null;
        }

        if (_used == _pool.Count)
        {
            _pool.Add(new MemberMemo());
        }

        var memo = _pool[_used];
        memo.Clear();
        _owners[_used++] = (target.Field, target.Index);
        return memo;
    }
}
