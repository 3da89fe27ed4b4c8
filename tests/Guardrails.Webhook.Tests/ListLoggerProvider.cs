using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests;

/// <summary>Hands one <see cref="ListLogger"/> to every category, to assert on what a server logged.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ListLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
