namespace Guardrails.EndToEnd.Webhook;

/// <summary>Options of one <c>guardrails serve</c> instance of the suite.</summary>
internal sealed record ServeSettings
{
    /// <summary>An exemptions file, watched by serve.</summary>
    public string? Exemptions { get; init; }

    /// <summary>Seconds /readyz fails while requests are still served after SIGTERM (the chart's default is 5).</summary>
    public double DrainSeconds { get; init; } = 1;

    public double ShutdownTimeoutSeconds { get; init; } = 5;

    /// <summary>Further arguments of serve (the background audit's flags).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
