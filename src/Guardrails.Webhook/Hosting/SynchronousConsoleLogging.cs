using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// The console log written by the calling thread, through the console formatter configured (<c>AddJsonConsole</c>,
/// <c>AddSimpleConsole</c>) and into <see cref="Console.Out"/>, instead of the console logger's queue and writer thread.
/// The lines are the formatter's, as before; what goes is a string copy of each line, a queue under a lock and a
/// thread woken per decision line. Batching stays where it was: <see cref="BufferedStandardOutput"/>.
/// </summary>
internal static class SynchronousConsoleLogging
{
    /// <summary>Replaces the console logger provider that <c>AddJsonConsole</c> or <c>AddSimpleConsole</c> added.</summary>
    /// <param name="logging">The logging builder, after the console was added to it.</param>
    public static ILoggingBuilder UseSynchronousConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        for (var i = logging.Services.Count - 1; i >= 0; i--)
        {
            var service = logging.Services[i];
            if (service.ServiceType == typeof(ILoggerProvider) && service.ImplementationType == typeof(ConsoleLoggerProvider))
            {
                logging.Services.RemoveAt(i);
            }
        }

        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, SynchronousConsoleLoggerProvider>());
        return logging;
    }
}

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
