namespace Guardrails.Schema;

/// <summary>
/// The time limit of one evaluation, checked inside every step of it: each schema node, member, list item and
/// target counts down, and the clock is read every <see cref="StepsPerClockRead"/> steps, so an evaluation stops within
/// microseconds of its deadline however large the object, instead of only between rules. Not thread-safe; it lives in
/// the per-thread <see cref="ValidationContext"/>.
/// </summary>
public sealed class EvaluationDeadline
{
    /// <summary>How many steps pass between two reads of the clock (a step is well under a microsecond).</summary>
    public const int StepsPerClockRead = 256;

    private TimeProvider? _clock;
    private long _deadline;
    private TimeSpan _limit;
    private int _countdown;

    /// <summary>True while a deadline is set.</summary>
    public bool IsSet => _clock is not null;

    /// <summary>Sets the deadline <paramref name="limit"/> after <paramref name="started"/> (a timestamp of <paramref name="clock"/>).</summary>
    public void Start(TimeProvider clock, long started, TimeSpan limit)
    {
        _clock = clock;
        _limit = limit;
        _deadline = started + (long)Math.Min(limit.TotalSeconds * clock.TimestampFrequency, long.MaxValue / 2);
        _countdown = StepsPerClockRead;
    }

    /// <summary>Removes the deadline.</summary>
    public void Stop() => _clock = null;

    /// <summary>Counts one step; past the deadline it throws <see cref="EvaluationDeadlineException"/>.</summary>
    public void Step()
    {
        if (_clock is not null && --_countdown <= 0)
        {
            _countdown = StepsPerClockRead;
            ThrowIfPassed();
        }
    }

    /// <summary>Reads the clock now; past the deadline it throws <see cref="EvaluationDeadlineException"/>.</summary>
    public void ThrowIfPassed()
    {
        if (_clock is not null && _clock.GetTimestamp() >= _deadline)
        {
            throw Exceeded();
        }
    }

    /// <summary>The exception that says the deadline passed.</summary>
    public EvaluationDeadlineException Exceeded() => new(_limit);

    /// <summary>The time left, or null without a deadline.</summary>
    public TimeSpan? Remaining()
    {
        if (_clock is null)
        {
            return null;
        }

        var ticks = _deadline - _clock.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / _clock.TimestampFrequency);
    }
}
