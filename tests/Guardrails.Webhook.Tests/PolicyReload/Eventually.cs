namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>Waits for a condition by polling, so tests never assume how fast the machine is.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still waiting after {Limit.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(25);
        }
    }
}
