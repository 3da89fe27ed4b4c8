using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Format;

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

    /// <summary>
    /// The HorizontalPodAutoscalers the host knows of in the object's namespace (others are ignored): an object one of them
    /// scales is judged by rules with <c>scaledBy</c> on the autoscaler's <c>minReplicas</c>, not on its own replica count.
    /// Empty (the default) when there are none; null when they are unknown, and such rules then judge the object's own
    /// count, and the result says so.
    /// </summary>
    public IReadOnlyList<Autoscaler>? Autoscalers { get; init; } = [];

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
    /// How long the evaluation may take; none when null. It bounds every step, not only the gaps between rules: schema
    /// nodes, members, list items and targets count down and the clock is read every few hundred steps, and a pattern never
    /// runs past it (with less than its own 200 ms left, it runs under a shorter limit). Past it, the evaluation stops and
    /// the result carries an error (never a partial verdict).
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }
}
