using System.Text.Json;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>One object to judge, as both hosts present it: the admission webhook and <c>guardrails check</c>.</summary>
public sealed record EvaluationRequest
{
    /// <summary>The object (for DELETE: null).</summary>
    public JsonElement? Object { get; init; }

    /// <summary>The operation.</summary>
    public AdmissionOperation Operation { get; init; } = AdmissionOperation.Create;

    /// <summary>The namespace the object lands in; when null, the object's <c>metadata.namespace</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Labels of that namespace; null when unknown (namespace selectors are then assumed to match, and the result says so).</summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    /// <summary>The object before an UPDATE.</summary>
    public JsonElement? OldObject { get; init; }

    /// <summary>
    /// The subresource written, when not the object itself. <c>ephemeralcontainers</c>: only the ephemeral containers
    /// that <see cref="OldObject"/> does not already have are judged, by container rules. <c>scale</c>: the host passes the
    /// scaled object's kind with <c>spec.replicas</c>, judged by object rules only. Any other subresource (<c>status</c>, ...)
    /// is not judged.
    /// </summary>
    public string? SubResource { get; init; }

    /// <summary>
    /// How long the evaluation may take; none when null. It is checked before each rule: past it, the evaluation stops
    /// and the result carries an error (never a partial verdict), at most one rule late (a pattern's own limit bounds that).
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }
}
