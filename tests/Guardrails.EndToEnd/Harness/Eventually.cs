using System.Diagnostics;

namespace Guardrails.EndToEnd.Harness;

/// <summary>Polls a condition until it holds: for what the cluster does asynchronously (watches, informers, reloads).</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await attempt();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; last seen: {value}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        ReturnsAsync(condition, held => held, timeout, what);
}
