namespace Guardrails.Cli.Reporting;

/// <summary>
/// Writes items produced in parallel in the order of their slots (a report's inputs): the items of the slot whose turn
/// it is are written at once, on the producer's thread; the items of later slots wait until every slot before theirs is
/// complete. What may wait is bounded: a producer ahead of the turn blocks while the waiting items weigh more than the
/// bound, so memory follows the bound, not the input. The producer whose turn it is never blocks here, so every
/// producer moves on as soon as the slots before it are done.
/// </summary>
/// <typeparam name="T">An item to write.</typeparam>
internal sealed class OrderedEmitter<T>
{
    // Monitor.Wait needs a monitor: the System.Threading.Lock type has no condition variable.
    private readonly object _gate = new();
    private readonly Queue<(T Item, long Weight)>?[] _waiting;
    private readonly bool[] _complete;
    private readonly long _maxWaiting;
    private readonly Action<T> _write;
    private long _waitingWeight;
    private int _turn;

    /// <param name="slots">How many slots there are (numbered from 0).</param>
    /// <param name="maxWaiting">The weight that may wait for its turn; one item heavier than this still waits alone.</param>
    /// <param name="write">Writes one item; called under a lock, one item at a time, in slot order.</param>
    public OrderedEmitter(int slots, long maxWaiting, Action<T> write)
    {
        _waiting = new Queue<(T, long)>?[slots];
        _complete = new bool[slots];
        _maxWaiting = maxWaiting;
        _write = write;
    }

    /// <summary>The first exception <c>write</c> threw; nothing is written after it, and no producer waits any more.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The weight of the items waiting for their turn now.</summary>
    public long WaitingWeight
    {
        get
        {
            lock (_gate)
            {
                return _waitingWeight;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="item"/> now if it is <paramref name="slot"/>'s turn, else keeps it until then; blocks while
    /// the items already waiting leave no room for <paramref name="weight"/>. The items of one slot come in order, from
    /// one thread at a time.
    /// </summary>
    public void Add(int slot, T item, long weight)
    {
        lock (_gate)
        {
            while (slot != _turn && _waitingWeight > 0 && _waitingWeight + weight > _maxWaiting && Failure is null)
            {
                Monitor.Wait(_gate);
            }

            if (slot == _turn || Failure is not null)
            {
                // After a failure nothing is written: the item is dropped at once rather than kept.
                Write(item);
                return;
            }

            (_waiting[slot] ??= new Queue<(T, long)>()).Enqueue((item, weight));
            _waitingWeight += weight;
        }
    }

    /// <summary>Marks <paramref name="slot"/> complete: when it was the turn's, the next slots' waiting items are written.</summary>
    public void Complete(int slot)
    {
        lock (_gate)
        {
            _complete[slot] = true;
            while (_turn < _complete.Length && _complete[_turn])
            {
                _turn++;
                if (_turn < _waiting.Length && _waiting[_turn] is { } waiting)
                {
                    _waiting[_turn] = null;
                    while (waiting.TryDequeue(out var next))
                    {
                        _waitingWeight -= next.Weight;
                        Write(next.Item);
                    }
                }
            }

            // Waiting producers may have room now, or their turn.
            Monitor.PulseAll(_gate);
        }
    }

    private void Write(T item)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            _write(item);
        }
#pragma warning disable CA1031 // Any failure must end the waiting: a producer blocked on a turn that never comes would hang the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = ex;
            Monitor.PulseAll(_gate);
        }
    }
}
