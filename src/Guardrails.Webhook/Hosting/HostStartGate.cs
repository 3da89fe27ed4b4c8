using Microsoft.Extensions.Hosting;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Says whether the host has started: until then, the host's own log of a failed start (with its stack trace) is left
/// out, because the caller reports the failure in one line.
/// </summary>
internal sealed class HostStartGate : IHostedLifecycleService
{
    private volatile bool _started;

    /// <summary>True once every hosted service (the server included) has started.</summary>
    public bool Started => _started;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _started = true;
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
