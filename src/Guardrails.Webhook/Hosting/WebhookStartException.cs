using Microsoft.Extensions.Options;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// The webhook could not start for a reason its operator can fix: the policies do not load, there is no cluster
/// configuration, the certificate cannot be read, the settings are unusable or a port cannot be listened on. The
/// message says why in one line (naming <c>guardrails serve</c>'s flags); <see cref="Details"/> holds the lines that
/// go before it, such as every policy load problem.
/// </summary>
public sealed class WebhookStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookStartException()
        : this("the webhook could not start")
    {
    }

    /// <summary>Creates the exception with its one-line reason.</summary>
    public WebhookStartException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with its reason and what caused it.</summary>
    public WebhookStartException(string message, Exception innerException)
        : base(message, innerException)
    {
        Details = [];
    }

    /// <summary>Creates the exception with its reason and the lines that explain it.</summary>
    public WebhookStartException(string message, IReadOnlyList<string> details)
        : base(message)
    {
        Details = details;
    }

    /// <summary>Lines to show before the message (for example each policy load problem, with file, line and column).</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>
    /// What the host's start threw, as a <see cref="WebhookStartException"/> when it is a reason to report in a line:
    /// this exception itself, invalid <see cref="WebhookOptions"/>, or a port that cannot be listened on. Null for
    /// anything else (a defect, to be shown with its stack trace).
    /// </summary>
    /// <param name="exception">What <c>StartAsync</c> of the host threw.</param>
    /// <param name="options">The options the host was started with (to name the endpoint that failed).</param>
    public static WebhookStartException? Explain(Exception exception, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(options);
        return exception switch
        {
            WebhookStartException start => start,
            AggregateException { InnerExceptions.Count: 1 } aggregate => Explain(aggregate.InnerExceptions[0], options),
            OptionsValidationException invalid => new WebhookStartException(string.Join("; ", invalid.Failures), exception),
            _ => ListenFailure.Describe(exception, options) is { } reason ? new WebhookStartException(reason, exception) : null,
        };
    }
}
