using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>The real <c>guardrails serve</c> executable in its own process, on a free loopback port.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, int port, string certificates)
    {
        _process = process;
        Port = port;
        Certificates = certificates;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Certificates { get; }

    public HttpClient Client { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static Task<ServeProcess> StartAsync(string certificates, params string[] args) => StartAsync(certificates, new Dictionary<string, string>(), args);

    public static async Task<ServeProcess> StartAsync(string certificates, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "guardrails.dll"));
        foreach (var arg in new[] { "serve", "--self-signed", "--self-signed-out", certificates, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-format", "text" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(start)!, port, certificates);
        try
        {
            await serve.WaitUntilAsync(() => File.Exists(Path.Combine(certificates, "ca.crt")) || serve.HasExited, TimeSpan.FromSeconds(60));
            if (serve.HasExited)
            {
                throw new InvalidOperationException($"guardrails serve exited with {serve.ExitCode}:\n{serve.Output}");
            }

            var authority = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(certificates, "ca.crt")));
            serve.Client = WebhookFixture.CreateClient(authority, new Uri($"https://localhost:{port}"));
            await serve.WaitUntilAsync(async () => await serve.StatusAsync("/readyz") == 200, TimeSpan.FromSeconds(60));
            return serve;
        }
        catch
        {
            // A server that did not come up must not outlive the test.
            await serve.DisposeAsync();
            throw;
        }
    }

    public async Task<int> StatusAsync(string path)
    {
        try
        {
            using var response = await Client.GetAsync(path);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public async Task<string> GetAsync(string path) => await Client.GetStringAsync(path);

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not met within {timeout}; output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
