namespace Guardrails.Cli.Spooling;

/// <summary>A temporary file could not be made or written (most often: the disk is full).</summary>
internal sealed class SpoolException : IOException
{
    public SpoolException()
    {
    }

    public SpoolException(string message)
        : base(message)
    {
    }

    public SpoolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failure of a temporary file in <paramref name="directory"/>, in one line.</summary>
    public static SpoolException In(string directory, Exception cause) =>
        new($"cannot write a temporary file in {directory}: {WithoutPath(cause.Message)}", cause);

    // The file system's message names the temporary file (" : '/tmp/guardrails-….spool'"), which no longer exists.
    private static string WithoutPath(string message)
    {
        var path = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return path > 0 && message.EndsWith('\'') ? message[..path] : message;
    }
}
