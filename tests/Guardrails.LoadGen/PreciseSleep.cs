using System.Runtime.InteropServices;

namespace Guardrails.LoadGen;

/// <summary>
/// Sleeps with sub-millisecond precision, for the open-loop send schedules: <see cref="Thread.Sleep(int)"/> rounds to
/// milliseconds, and nanosleep wakes up to 50 µs late unless the thread's timer slack is lowered first.
/// </summary>
internal static partial class PreciseSleep
{
    /// <summary>Lowers the calling thread's timer slack to 1 µs (Linux; elsewhere nothing).</summary>
    public static void TightenTimerSlack()
    {
        if (OperatingSystem.IsLinux())
        {
            // PR_SET_TIMERSLACK
            _ = Prctl(29, 1000, 0, 0, 0);
        }
    }

    public static void Sleep(double nanoseconds)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, (long)(nanoseconds / 100))));
            return;
        }

        var request = new TimeSpec { Seconds = (long)(nanoseconds / 1e9), Nanoseconds = (long)(nanoseconds % 1e9) };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    /// <summary>Sleeps until the <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="due"/>.</summary>
    public static void Until(long due)
    {
        while (true)
        {
            var remaining = due - System.Diagnostics.Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            Sleep(remaining * 1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
