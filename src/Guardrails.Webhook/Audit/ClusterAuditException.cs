namespace Guardrails.Webhook.Audit;

/// <summary>
/// An audit could not read or write the cluster: no kubeconfig, an API server that cannot be reached or answers with an
/// error (403 included), an answer that cannot be read. The message is one line that names the call that failed; an audit
/// that throws this has reported nothing as a pass.
/// </summary>
public sealed class ClusterAuditException : Exception
{
    /// <summary>An audit failure without a message.</summary>
    public ClusterAuditException()
    {
    }

    /// <summary>An audit failure.</summary>
    /// <param name="message">One line naming what failed.</param>
    public ClusterAuditException(string message)
        : base(message)
    {
    }

    /// <summary>An audit failure caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">One line naming what failed.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterAuditException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
