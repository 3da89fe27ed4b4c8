using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Guardrails.Webhook.Logging;

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
