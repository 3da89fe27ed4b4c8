using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Guardrails.Webhook.Logging;

[ProviderAlias("Console")]
internal sealed class SynchronousConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter;
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private IExternalScopeProvider? _scopes;

    // The batched standard output, when one is registered, is installed before the first line and flushed after the last.
    public SynchronousConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, IEnumerable<BufferedStandardOutput> output)
    {
        _ = output.LastOrDefault();
        _options = options;
        var name = options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        _formatter = formatters.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"no console formatter named '{name}' is registered");
    }

    public ILogger CreateLogger(string categoryName) => new SynchronousConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        // Nothing is queued: every line is already in Console.Out, whose owner flushes it.
    }

    private sealed class SynchronousConsoleLogger(string category, SynchronousConsoleLoggerProvider provider) : ILogger
    {
        // One builder per thread, as the console logger keeps: a line is formatted into it, then copied to the output.
        [ThreadStatic]
        private static StringWriter? t_line;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = t_line ??= new StringWriter();
            var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
            provider._formatter.Write(in entry, provider._scopes, line);
            var text = line.GetStringBuilder();
            if (text.Length == 0)
            {
                return;
            }

            try
            {
                // Console.Out and Console.Error are synchronized writers: a line is never interleaved with another.
                var output = logLevel >= provider._options.CurrentValue.LogToStandardErrorThreshold ? Console.Error : Console.Out;
                output.Write(text);
            }
            catch (IOException)
            {
                // A closed standard output (the log reader went away) must not fail the request that logged.
            }
            finally
            {
                text.Clear();
                if (text.Capacity > 1024)
                {
                    text.Capacity = 1024;
                }
            }
        }
    }
}
