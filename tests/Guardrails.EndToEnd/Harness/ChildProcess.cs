using System.Diagnostics;
using System.Text;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// A long-running process of the suite (etcd, kube-apiserver, guardrails serve): started in its own session and process
/// group (<c>setsid</c>), its output appended to a log file, registered with the <see cref="ProcessRegistry"/>, and stopped
/// by signalling exactly its process group.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    // sh execs the program in place (same pid, which setsid made a process group leader) with its output in the log.
    private const string Launcher = "exec \"$0\" \"$@\" >>\"$GUARDRAILS_E2E_LOG\" 2>&1 </dev/null";

    private readonly Process _process;
    private readonly ProcessRegistry _registry;
    private bool _disposed;

    private ChildProcess(string name, Process process, string logPath, ProcessRegistry registry)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _registry = registry;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(string name, string executable, IEnumerable<string> args, string logPath, ProcessRegistry registry, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(logPath)! };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Launcher);
        start.ArgumentList.Add(executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GUARDRAILS_E2E_LOG"] = logPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        registry.Add(process.Id, RealPath(executable));
        return new ChildProcess(name, process, logPath, registry);
    }

    /// <summary>The whole log so far.</summary>
    public string Log()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 30) => string.Join('\n', Log().Split('\n').TakeLast(lines));

    /// <summary>Signals the process group (the process and anything it started).</summary>
    public bool Signal(int signal) => !_process.HasExited && Signals.Send(-_process.Id, signal);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Signal(Signals.Continue);
            Signal(Signals.Term);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Signal(Signals.Kill);
                await _process.WaitForExitAsync();
            }
        }

        _registry.Remove(_process.Id);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _registry.Remove(_process.Id);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }
}
