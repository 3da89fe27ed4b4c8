using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// The targets of one object, found once per evaluation and shared by every rule: the object, its pod spec,
/// and its containers in a stable order (containers, init containers, ephemeral containers).
/// </summary>
internal sealed class ObjectTargets
{
    private readonly Target[] _containers;
    private readonly Target[] _initContainers;
    private readonly Target[] _ephemeralContainers;

    /// <param name="root">The object.</param>
    /// <param name="podSpec">Its pod spec, if any.</param>
    /// <param name="podSpecPointer">Where the pod spec sits.</param>
    /// <param name="onlyNewEphemeral">For the ephemeralcontainers subresource: the names of ephemeral containers already
    /// admitted; only the others are targets, and no other container is.</param>
    public ObjectTargets(JsonElement root, JsonElement? podSpec, string podSpecPointer, HashSet<string>? onlyNewEphemeral = null)
    {
        Object = new Target(root, string.Empty);
        PodSpec = podSpec is { } spec ? new Target(spec, podSpecPointer) { Slot = 0 } : null;
        var containersJudged = onlyNewEphemeral is null;
        _containers = containersJudged && podSpec is { } a ? Containers(a, podSpecPointer, "containers", "containers"u8, "container") : [];
        _initContainers = containersJudged && podSpec is { } b ? Containers(b, podSpecPointer, "initContainers", "initContainers"u8, "initContainer") : [];
        _ephemeralContainers = podSpec is { } c ? Containers(c, podSpecPointer, "ephemeralContainers", "ephemeralContainers"u8, "ephemeralContainer") : [];
        if (onlyNewEphemeral is { Count: > 0 })
        {
            _ephemeralContainers = [.. _ephemeralContainers.Where(t => t.ContainerName is not { } name || !onlyNewEphemeral.Contains(name))];
        }

        var slot = Number(_containers, 1);
        slot = Number(_initContainers, slot);
        Number(_ephemeralContainers, slot);

        OnlyNewEphemeral = onlyNewEphemeral is not null;
    }

    /// <summary>True for the ephemeralcontainers subresource: only what the new ephemeral containers bring is judged.</summary>
    public bool OnlyNewEphemeral { get; }

    /// <summary>True when <paramref name="pointer"/> is a new ephemeral container or lies inside one.</summary>
    public bool InNewEphemeralContainer(string pointer)
    {
        foreach (var container in _ephemeralContainers)
        {
            if (pointer.StartsWith(container.Pointer, StringComparison.Ordinal)
                && (pointer.Length == container.Pointer.Length || pointer[container.Pointer.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    public Target Object { get; }

    /// <summary>
    /// A bit for each <see cref="Target.Slot"/> that <paramref name="rule"/> judges (<see cref="TargetMemos.MaxTargets"/>
    /// at most), and <see cref="Unslotted"/> when it judges a target without one (the object, or a container beyond).
    /// </summary>
    public ulong Slots(Rule rule)
    {
        if (rule.Target != RuleTarget.Container)
        {
            return rule.Target == RuleTarget.Pod ? PodSpec is null ? 0 : 1UL : Unslotted;
        }

        var slots = 0UL;
        foreach (var target in For(rule))
        {
            slots |= (uint)target.Slot < TargetMemos.MaxTargets ? 1UL << target.Slot : Unslotted;
        }

        return slots;
    }

    /// <summary>In <see cref="Slots"/>: a target that no slot stands for (the object, or a container past <see cref="TargetMemos.MaxTargets"/>).</summary>
    public const ulong Unslotted = 1UL << 63;

    public Target? PodSpec { get; }

    /// <summary>The targets of <paramref name="rule"/>, in order, read from this object's targets without a copy.</summary>
    public TargetSelection For(Rule rule) => new(this, rule.Target, rule.ContainerSelection);

    /// <summary>The targets of one rule: the object, the pod spec, or the selected containers in their stable order.</summary>
    internal readonly struct TargetSelection(ObjectTargets targets, RuleTarget target, ContainerSelection selection)
    {
        public Enumerator GetEnumerator() => new(targets, target, selection);

        /// <summary>Walks the object, the pod spec, or containers, then init containers (all or the sidecars), then ephemeral containers.</summary>
        internal struct Enumerator(ObjectTargets targets, RuleTarget target, ContainerSelection selection)
        {
            // -1 before the start; 0 the object or pod spec; 1, 2, 3 the container lists.
            private int _list = -1;
            private int _index = -1;

            public Target Current { get; private set; }

            public bool MoveNext()
            {
                if (target != RuleTarget.Container)
                {
                    if (_list >= 0)
                    {
                        return false;
                    }

                    _list = 0;
                    if (target == RuleTarget.Object)
                    {
                        Current = targets.Object;
                        return true;
                    }

                    if (target == RuleTarget.Pod && targets.PodSpec is { } spec)
                    {
                        Current = spec;
                        return true;
                    }

                    return false;
                }

                if (_list < 0)
                {
                    _list = 1;
                }

                while (_list <= 3)
                {
                    var list = _list switch
                    {
                        1 when selection.HasFlag(ContainerSelection.Containers) => targets._containers,
                        2 when selection.HasFlag(ContainerSelection.InitContainers) || selection.HasFlag(ContainerSelection.SidecarContainers) => targets._initContainers,
                        3 when selection.HasFlag(ContainerSelection.EphemeralContainers) => targets._ephemeralContainers,
                        _ => [],
                    };
                    while (++_index < list.Length)
                    {
                        if (_list == 2 && !selection.HasFlag(ContainerSelection.InitContainers) && !list[_index].IsSidecar)
                        {
                            continue;
                        }

                        Current = list[_index];
                        return true;
                    }

                    _list++;
                    _index = -1;
                }

                return false;
            }
        }
    }

    /// <summary>The container target that holds <paramref name="pointer"/> (or is it), if any.</summary>
    public Target? ContainerAt(string pointer) =>
        ContainerAt(_containers, pointer) ?? ContainerAt(_initContainers, pointer) ?? ContainerAt(_ephemeralContainers, pointer);

    private static Target? ContainerAt(Target[] list, string pointer)
    {
        foreach (var container in list)
        {
            var at = container.Pointer;
            if (pointer.StartsWith(at, StringComparison.Ordinal) && (pointer.Length == at.Length || pointer[at.Length] == '/'))
            {
                return container;
            }
        }

        return null;
    }

    // Gives each target its slot, from the first given; returns the next.
    private static int Number(Target[] targets, int first)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = targets[i] with { Slot = first + i };
        }

        return first + targets.Length;
    }

    private static Target[] Containers(JsonElement podSpec, string podSpecPointer, string field, ReadOnlySpan<byte> utf8Field, string typeName)
    {
        if (podSpec.ValueKind != JsonValueKind.Object || !podSpec.TryGetProperty(utf8Field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var targets = new Target[list.GetArrayLength()];
        var pointers = ContainerPointers.Under(podSpecPointer);
        var index = 0;
        foreach (var container in list.EnumerateArray())
        {
            // Only an init container can be a sidecar: the others are not asked (a lookup of a member they seldom have).
            targets[index] = new Target(container, podSpecPointer, field, index, typeName, field == "initContainers" && IsSidecar(container))
            {
                KnownPointer = index < ContainerPointers.Kept ? ContainerPointers.Of(pointers, podSpecPointer, field, index) : null,
            };
            index++;
        }

        return targets;
    }

    private static bool IsSidecar(JsonElement container) =>
        container.ValueKind == JsonValueKind.Object
        && container.TryGetProperty("restartPolicy"u8, out var policy)
        && policy.ValueKind == JsonValueKind.String
        && policy.ValueEquals("Always"u8);

    internal static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
