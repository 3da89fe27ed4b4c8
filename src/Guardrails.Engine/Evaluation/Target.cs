using System.Text.Json;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// What one rule's schema is applied to: a container, the pod spec or the object. Its pointer, name and
/// image are only spelled out when a finding needs them, which keeps compliant objects allocation-light.
/// </summary>
internal readonly record struct Target(JsonElement Element, string BasePointer, string? Field = null, int Index = -1, string? ContainerType = null, bool IsSidecar = false)
{
    public string Pointer => Field is null ? BasePointer : KnownPointer ?? ContainerPointers.Spelled(BasePointer, Field, Index);

    /// <summary>
    /// The target's number in its evaluation (the pod spec 0, the containers from 1 in their order), by which what was
    /// found in it is kept for the next rule (<see cref="TargetMemos"/>); -1 for the object itself.
    /// </summary>
    public int Slot { get; init; } = -1;

    /// <summary>The container's <see cref="Pointer"/>, when it was spelled out beforehand (<see cref="ContainerPointers"/>).</summary>
    public string? KnownPointer { get; init; }

    public string? ContainerName => Field is null ? null : ObjectTargets.StringField(Element, "name");

    public string? Image => Field is null ? null : ObjectTargets.StringField(Element, "image");
}
