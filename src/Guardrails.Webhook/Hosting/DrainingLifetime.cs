using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Replaces the console lifetime. On SIGTERM (Kubernetes deleting the pod) the webhook turns not-ready and keeps
/// serving for the drain period, while endpoints controllers and the API server stop sending it requests; then the
/// host stops, and Kestrel finishes the requests in flight within the shutdown timeout. SIGINT stops at once.
/// </summary>
internal sealed partial class DrainingLifetime(
    IHostApplicationLifetime lifetime,
    ReadinessState readiness,
    WebhookOptions options,
    ILogger<DrainingLifetime> logger) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _stopping;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The host, not the runtime's default handler, decides when the process ends.
        context.Cancel = true;
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }

        readiness.StartDraining();
        var drain = context.Signal == PosixSignal.SIGTERM ? options.DrainPeriod : TimeSpan.Zero;
        var signal = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGQUIT";
        LogDraining(logger, signal, drain.TotalSeconds);
        _ = Task.Delay(drain).ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{Signal}: not ready; serving for {DrainSeconds} s more, then finishing requests in flight")]
    private static partial void LogDraining(ILogger logger, string signal, double drainSeconds);
}
