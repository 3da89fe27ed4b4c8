using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Auditing;

/// <summary>What an audit knows before it reads the cluster.</summary>
/// <param name="Policies">The policy set that judges.</param>
/// <param name="PolicySource">Where the policies came from: <c>built-in</c> or the folders given.</param>
/// <param name="Revision">The policy set's revision, and the exemptions' after a <c>+</c> when loaded.</param>
/// <param name="Cluster">The API server's address.</param>
/// <param name="Namespace">The one namespace audited, or null for all.</param>
/// <param name="Selector">The label selector objects must match, or null.</param>
/// <param name="AsDeny">What-if: every policy judged as if its action were deny.</param>
/// <param name="FailOn">The least action that fails the run.</param>
/// <param name="OwnerLabel">The owner label, or null.</param>
/// <param name="NotAudited">Kinds a policy names that the audit cannot list.</param>
internal sealed record AuditStart(
    PolicySet Policies,
    string PolicySource,
    string Revision,
    string Cluster,
    string? Namespace,
    string? Selector,
    bool AsDeny,
    PolicyAction FailOn,
    string? OwnerLabel,
    IReadOnlyList<string> NotAudited);
