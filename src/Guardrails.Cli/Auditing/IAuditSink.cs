using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>Receives an audit as it goes, from one thread: <see cref="Begin"/>, the judged objects a page at a time, <see cref="End"/>.</summary>
internal interface IAuditSink
{
    void Begin(AuditStart start);

    /// <summary>The objects of one page, in the API server's order.</summary>
    void Judged(IReadOnlyList<AuditedObject> objects);

    void End(AuditEnd end);

    /// <summary>The first exception writing the report threw; null when it was written.</summary>
    Exception? Failure { get; }
}
