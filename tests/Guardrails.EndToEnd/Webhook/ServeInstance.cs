using System.Diagnostics;
using System.Globalization;
using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Webhook;

/// <summary>
/// The real <c>guardrails serve</c> binary, as the chart runs it: TLS from certificate files (issued by the run's CA for
/// 127.0.0.1), namespace labels from the API server through <c>--kubeconfig</c> (list and watch), JSON logs.
/// </summary>
internal sealed class ServeInstance : IAsyncDisposable
{
    private readonly HttpClient _http;
    private bool _disposed;

    private ServeInstance(string name, ChildProcess process, int port, HttpClient http)
    {
        Name = name;
        Process = process;
        Port = port;
        _http = http;
    }

    public string Name { get; }

    public int Port { get; }

    public ChildProcess Process { get; }

    /// <summary>The base of the webhook configuration's <c>url</c>.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{Port}");

    public static async Task<ServeInstance> StartAsync(TestCluster cluster, string name, ServeSettings settings)
    {
        var folder = Path.Combine(cluster.Root, "serve-" + name);
        var tls = cluster.Pki.IssueServing("guardrails-e2e-" + name, "localhost").WriteTo(Path.Combine(folder, "tls"));
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var args = new List<string>
            {
                "serve",
                "--kubeconfig", cluster.KubeconfigPath,
                "--address", "127.0.0.1",
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--tls-cert", tls.Certificate,
                "--tls-key", tls.Key,
                "--drain-seconds", settings.DrainSeconds.ToString(CultureInfo.InvariantCulture),
                "--shutdown-timeout-seconds", settings.ShutdownTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                "--log-format", "json",
            };
            if (settings.Exemptions is { } exemptions)
            {
                args.AddRange(["--exemptions", exemptions]);
            }

            args.AddRange(settings.Arguments);
            var process = ChildProcess.Start("guardrails serve " + name, cluster.Guardrails.Executable, cluster.Guardrails.Arguments(args), Path.Combine(folder, $"serve-{attempt}.log"), cluster.Processes, workingDirectory: folder);
            var serve = new ServeInstance(name, process, port, cluster.Pki.CreateClient(new Uri($"https://127.0.0.1:{port}"), TimeSpan.FromSeconds(5)));
            try
            {
                await serve.WaitReadyAsync(TimeSpan.FromSeconds(90));
                return serve;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.Log().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await serve.DisposeAsync();
            }
            catch
            {
                await serve.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>GET /readyz: 200, 503, or 0 when nothing answers.</summary>
    public async Task<int> ReadyStatusAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>GET /metrics: the Prometheus text.</summary>
    public async Task<string> MetricsAsync()
    {
        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Every admission decision serve has logged so far (its log is flushed every 200 ms).</summary>
    public IReadOnlyList<ServeDecision> Decisions() => [.. Process.Log().Split('\n').Select(ServeDecision.Parse).OfType<ServeDecision>()];

    /// <summary>SIGTERM, as the kubelet stops a pod; returns the exit code.</summary>
    public Task<int> StopAsync() => Process.StopAsync(TimeSpan.FromSeconds(30));

    public void Pause() => Process.Signal(Signals.Stop);

    public void Resume() => Process.Signal(Signals.Continue);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Process.DisposeAsync();
        _http.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await ReadyStatusAsync() != 200)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Process.Name} exited with {Process.ExitCode} before it was ready:\n{Process.LogTail()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Process.Name} was not ready within {timeout.TotalSeconds:0} s:\n{Process.LogTail()}");
            }

            await Task.Delay(100);
        }
    }
}
