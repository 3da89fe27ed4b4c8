using System.Globalization;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// The long-running processes the suite started, as "pid executable" lines in a file the <see cref="Watchdog"/> reads:
/// if the test run dies without cleaning up, the watchdog stops exactly these (a pid counts only while it still runs
/// the same executable).
/// </summary>
internal sealed class ProcessRegistry(string file)
{
    private readonly Dictionary<int, string> _running = [];

    public string File { get; } = file;

    public void Add(int pid, string executable)
    {
        lock (_running)
        {
            _running[pid] = executable;
            Write();
        }
    }

    public void Remove(int pid)
    {
        lock (_running)
        {
            _running.Remove(pid);
            Write();
        }
    }

    private void Write()
    {
        var temporary = File + ".tmp";
        System.IO.File.WriteAllLines(temporary, _running.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
        System.IO.File.Move(temporary, File, overwrite: true);
    }
}
