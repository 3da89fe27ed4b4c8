using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary><c>guardrails serve</c> that cannot listen says where and why in one line and exits 2, as a process.</summary>
public sealed class ServeListenTests
{
    [Fact]
    public async Task A_port_in_use_is_one_line_naming_it_and_exit_2()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, output, error) = await RunServeAsync(false, "--address", "127.0.0.1", "--port", Text(port));

        exitCode.Should().Be(2, error);
        error.Should().Be($"error: cannot listen on 127.0.0.1:{port} (--port): the address is already in use (another process listens there; stop it or choose another --port)\n");
        output.Should().NotContain("   at ").And.NotContain("guardrails serve: https://", "a server that never listened does not say it serves");
    }

    [Fact]
    public async Task A_metrics_port_in_use_names_that_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var metricsPort = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, _, error) = await RunServeAsync(false, "--address", "127.0.0.1", "--port", Text(FreePort()), "--metrics-port", Text(metricsPort));

        exitCode.Should().Be(2, error);
        error.Should().Be($"error: cannot listen on 127.0.0.1:{metricsPort} (--metrics-port): the address is already in use (another process listens there; stop it or choose another --metrics-port)\n");
    }

    [Fact]
    public async Task An_address_not_of_this_machine_is_one_line_and_exit_2()
    {
        var port = FreePort();

        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
        var (exitCode, output, error) = await RunServeAsync(false, "--address", "192.0.2.1", "--port", Text(port));

        exitCode.Should().Be(2, error);
        error.Should().Be($"error: cannot listen on 192.0.2.1:{port} (--port): 192.0.2.1 is not an address of this machine (give one of its own, or 0.0.0.0 for all)\n");
        output.Should().NotContain("   at ");
    }

    [Fact]
    public async Task A_privileged_port_without_privileges_is_one_line_and_exit_2()
    {
        // As root the process drops to nobody (setpriv), as a container's non-root user would run it.
        var dropPrivileges = Environment.UserName == "root";
        if (dropPrivileges && !File.Exists("/usr/bin/setpriv"))
        {
            throw new InvalidOperationException("running as root without /usr/bin/setpriv (util-linux): cannot run serve unprivileged");
        }

        var unprivilegedStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim(), CultureInfo.InvariantCulture);
        unprivilegedStart.Should().BeGreaterThan(443, "this machine lets anyone bind port 443, so no port needs privileges here");

        var (exitCode, output, error) = await RunServeAsync(dropPrivileges, "--address", "127.0.0.1", "--port", "443");

        exitCode.Should().Be(2, error);
        error.Should().Be("error: cannot listen on 127.0.0.1:443 (--port): permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE; choose another --port)\n");
        output.Should().NotContain("   at ");
    }

    [Fact]
    public async Task An_address_that_is_not_an_ip_address_is_a_usage_error()
    {
        var (exitCode, _, error) = await RunServeAsync(false, "--address", "localhost");

        exitCode.Should().Be(2);
        error.Should().Be("error: --address localhost is not an IP address (0.0.0.0 listens on all IPv4 addresses, :: on all)\n");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunServeAsync(bool asNobody, params string[] args)
    {
        var start = new ProcessStartInfo(asNobody ? "/usr/bin/setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asNobody)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "guardrails.dll"), "serve", "--self-signed", "--no-cluster", "--log-format", "text" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"guardrails serve {string.Join(' ', args)} did not exit: it should have failed to listen\n{await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
