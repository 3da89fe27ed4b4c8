using Guardrails.Engine.Evaluation;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>
/// One loaded policy set, immutable. A request keeps the snapshot it started with, so a reload never changes
/// the rules in the middle of an evaluation.
/// </summary>
/// <param name="Engine">The engine that judges requests with this set.</param>
/// <param name="Revision">The engine's revision (policies, and exemptions when loaded), the one <c>guardrails check</c> reports for the same files.</param>
/// <param name="LoadedAt">When this revision became current.</param>
internal sealed record PolicySnapshot(PolicyEngine Engine, string Revision, DateTimeOffset LoadedAt);
