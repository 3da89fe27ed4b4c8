using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Auditing;

/// <summary>What an audit knows once every object is judged.</summary>
/// <param name="Summary">The compliance figures.</param>
/// <param name="Failing">Objects that fail the run at its <c>--fail-on</c> level.</param>
/// <param name="ExitCode">The run's exit code, as <c>check</c> gives it.</param>
internal sealed record AuditEnd(AuditSummary Summary, int Failing, int ExitCode);
