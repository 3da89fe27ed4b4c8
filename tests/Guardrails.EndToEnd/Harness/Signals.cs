using System.Runtime.InteropServices;

namespace Guardrails.EndToEnd.Harness;

/// <summary>POSIX signals to the processes the suite started (Linux numbering).</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/> to a process, or to a process group when <paramref name="pid"/> is negative.</summary>
    public static bool Send(int pid, int signal) => SystemKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SystemKill(int pid, int signal);
}
