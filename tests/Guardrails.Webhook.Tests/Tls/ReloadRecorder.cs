using Guardrails.Webhook.Tls;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>Records the <see cref="ServingCertificate.Reloaded"/> events, which arrive on timer threads.</summary>
internal sealed class ReloadRecorder
{
    private readonly List<(bool Success, string? Error)> _reloads = [];

    public ReloadRecorder(ServingCertificate serving) => serving.Reloaded += (success, error) =>
    {
        lock (_reloads)
        {
            _reloads.Add((success, error));
        }
    };

    public IReadOnlyList<(bool Success, string? Error)> Reloads
    {
        get
        {
            lock (_reloads)
            {
                return [.. _reloads];
            }
        }
    }

    /// <summary>Waits until <paramref name="match"/> holds for some event, and returns it.</summary>
    public async Task<(bool Success, string? Error)> WaitForAsync(Func<(bool Success, string? Error), bool> match, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var found = Reloads.Where(match).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching reload event within {timeout}; saw {Reloads.Count}.");
            }

            await Task.Delay(50);
        }
    }
}
