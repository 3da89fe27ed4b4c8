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
    // Every container target, by list in order (containers, init containers, ephemeral containers): one buffer that a
    // thread reuses from one evaluation to the next (Reset), so that finding the targets allocates nothing.
    private Target[] _buffer = new Target[8];
    private int _initStart;
    private int _ephemeralStart;
    private int _end;

    /// <summary>Targets of nothing until <see cref="Reset"/>.</summary>
    public ObjectTargets()
    {
    }

    /// <param name="root">The object.</param>
    /// <param name="podSpec">Its pod spec, if any.</param>
    /// <param name="podSpecPointer">Where the pod spec sits.</param>
    /// <param name="onlyNewEphemeral">For the ephemeralcontainers subresource: the names of ephemeral containers already
    /// admitted; only the others are targets, and no other container is.</param>
    public ObjectTargets(JsonElement root, JsonElement? podSpec, string podSpecPointer, HashSet<string>? onlyNewEphemeral = null) =>
        Reset(root, podSpec, podSpecPointer, onlyNewEphemeral);

    /// <summary>Finds the targets of another object (the parameters as the constructor's), forgetting the last one's.</summary>
    public void Reset(JsonElement root, JsonElement? podSpec, string podSpecPointer, HashSet<string>? onlyNewEphemeral = null)
    {
        Object = new Target(root, string.Empty);
        PodSpec = podSpec is { } spec ? new Target(spec, podSpecPointer) { Slot = 0 } : null;
        var containersJudged = onlyNewEphemeral is null;
        _end = 0;
        if (podSpec is { } a && containersJudged)
        {
            Add(a, podSpecPointer, "containers", "containers"u8, "container", null);
        }

        _initStart = _end;
        if (podSpec is { } b && containersJudged)
        {
            Add(b, podSpecPointer, "initContainers", "initContainers"u8, "initContainer", null);
        }

        _ephemeralStart = _end;
        if (podSpec is { } c)
        {
            Add(c, podSpecPointer, "ephemeralContainers", "ephemeralContainers"u8, "ephemeralContainer", onlyNewEphemeral);
        }

        OnlyNewEphemeral = onlyNewEphemeral is not null;
    }

    /// <summary>Drops the references to the object's JSON, so that a kept instance does not keep the document alive.</summary>
    public void Release()
    {
        Array.Clear(_buffer, 0, _end);
        _end = _initStart = _ephemeralStart = 0;
        Object = default;
        PodSpec = null;
    }

    private ReadOnlySpan<Target> Containers => _buffer.AsSpan(0, _initStart);

    private ReadOnlySpan<Target> InitContainers => _buffer.AsSpan(_initStart, _ephemeralStart - _initStart);

    private ReadOnlySpan<Target> EphemeralContainers => _buffer.AsSpan(_ephemeralStart, _end - _ephemeralStart);

    /// <summary>True for the ephemeralcontainers subresource: only what the new ephemeral containers bring is judged.</summary>
    public bool OnlyNewEphemeral { get; private set; }

    /// <summary>True when <paramref name="pointer"/> is a new ephemeral container or lies inside one.</summary>
    public bool InNewEphemeralContainer(string pointer)
    {
        foreach (var container in EphemeralContainers)
        {
            if (pointer.StartsWith(container.Pointer, StringComparison.Ordinal)
                && (pointer.Length == container.Pointer.Length || pointer[container.Pointer.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    public Target Object { get; private set; }

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

    public Target? PodSpec { get; private set; }

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
                        1 when (selection & ContainerSelection.Containers) != 0 => targets.Containers,
                        2 when (selection & (ContainerSelection.InitContainers | ContainerSelection.SidecarContainers)) != 0 => targets.InitContainers,
                        3 when (selection & ContainerSelection.EphemeralContainers) != 0 => targets.EphemeralContainers,
                        _ => [],
                    };
                    while (++_index < list.Length)
                    {
                        if (_list == 2 && (selection & ContainerSelection.InitContainers) == 0 && !list[_index].IsSidecar)
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
    public Target? ContainerAt(string pointer) => ContainerAt(_buffer.AsSpan(0, _end), pointer);

    private static Target? ContainerAt(ReadOnlySpan<Target> list, string pointer)
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

    // Adds the containers of one list, numbered from the next slot (the pod spec is slot 0).
    private void Add(JsonElement podSpec, string podSpecPointer, string field, ReadOnlySpan<byte> utf8Field, string typeName, HashSet<string>? admitted)
    {
        if (podSpec.ValueKind != JsonValueKind.Object || !podSpec.TryGetProperty(utf8Field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var length = list.GetArrayLength();
        if (_buffer.Length < _end + length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _end + length));
        }

        var pointers = ContainerPointers.Under(podSpecPointer);
        var index = 0;
        foreach (var container in list.EnumerateArray())
        {
            // Only an init container can be a sidecar: the others are not asked (a lookup of a member they seldom have).
            var target = new Target(container, podSpecPointer, field, index, typeName, field == "initContainers" && IsSidecar(container))
            {
                KnownPointer = index < ContainerPointers.Kept ? ContainerPointers.Of(pointers, podSpecPointer, field, index) : null,
                Slot = _end + 1,
            };
            index++;
            if (admitted is { Count: > 0 } && target.ContainerName is { } name && admitted.Contains(name))
            {
                continue;
            }

            _buffer[_end++] = target;
        }
    }

    private static bool IsSidecar(JsonElement container) =>
        container.ValueKind == JsonValueKind.Object
        && container.TryGetProperty("restartPolicy"u8, out var policy)
        && policy.ValueKind == JsonValueKind.String
        && policy.ValueEquals("Always"u8);

    internal static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
