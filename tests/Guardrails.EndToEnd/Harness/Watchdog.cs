using System.Diagnostics;
using System.Globalization;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// Cleans up after a test run that died (killed, crashed, aborted): a small shell process in its own session that waits
/// for the test process to go away, then stops every process group in the <see cref="ProcessRegistry"/> (TERM, then KILL
/// after 5 s) and removes the suite's folders. A run that ends normally cleans up itself and then kills the watchdog.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private const string Script = """
        parent=$1; registry=$2; shift 2
        while kill -0 "$parent" 2>/dev/null; do sleep 1; done
        signal_all() {
          [ -f "$registry" ] || return 0
          while read -r pid exe; do
            [ -n "$pid" ] || continue
            [ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" = "$exe" ] && kill "-$1" -- "-$pid" 2>/dev/null
          done < "$registry"
        }
        signal_all TERM
        sleep 5
        signal_all KILL
        rm -rf "$@"
        """;

    private readonly Process _process;
    private bool _disposed;

    private Watchdog(Process process) => _process = process;

    public static Watchdog Start(ProcessRegistry registry, params string[] folders)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in new[] { "sh", "-c", Script, "guardrails-e2e-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), registry.File }.Concat(folders))
        {
            start.ArgumentList.Add(arg);
        }

        return new Watchdog(Process.Start(start) ?? throw new InvalidOperationException("could not start the watchdog"));
    }

    /// <summary>The run cleaned up itself: the watchdog has nothing left to do.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }
}
