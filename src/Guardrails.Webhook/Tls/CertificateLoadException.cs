namespace Guardrails.Webhook.Tls;

/// <summary>A serving certificate or its key could not be loaded or is unfit to serve; the message names the file.</summary>
internal sealed class CertificateLoadException : Exception
{
    /// <summary>Creates the exception without a message.</summary>
    public CertificateLoadException()
    {
    }

    /// <summary>Creates the exception with a message naming the file at fault.</summary>
    public CertificateLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming the file at fault and the underlying error.</summary>
    public CertificateLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
