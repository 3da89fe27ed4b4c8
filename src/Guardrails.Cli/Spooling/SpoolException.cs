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
        new($"cannot write a temporary file in {directory}: {cause.Message}", cause);
}
