using System.Text.Json;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// What one rule's schema is applied to: a container, the pod spec or the object. Its pointer, name and
/// image are only spelled out when a finding needs them, which keeps compliant objects allocation-light.
/// </summary>
internal readonly record struct Target(JsonElement Element, string BasePointer, string? Field = null, int Index = -1, string? ContainerType = null, bool IsSidecar = false)
{
    public string Pointer => Field is null ? BasePointer : $"{BasePointer}/{Field}/{Index}";

    public string? ContainerName => Field is null ? null : ObjectTargets.StringField(Element, "name");

    public string? Image => Field is null ? null : ObjectTargets.StringField(Element, "image");
}

/// <summary>
/// The targets of one object, found once per evaluation and shared by every rule: the object, its pod spec,
/// and its containers in a stable order (containers, init containers, ephemeral containers).
/// </summary>
internal sealed class ObjectTargets
{
    private readonly Target[] _containers;
    private readonly Target[] _initContainers;
    private readonly Target[] _ephemeralContainers;

    // The targets of each container selection, of the object and of the pod spec, built on first use.
    private readonly Target[]?[] _selected = new Target[]?[ContainerSelections.Count];
    private Target[]? _object;
    private Target[]? _podSpec;

    /// <param name="root">The object.</param>
    /// <param name="podSpec">Its pod spec, if any.</param>
    /// <param name="podSpecPointer">Where the pod spec sits.</param>
    /// <param name="onlyNewEphemeral">For the ephemeralcontainers subresource: the names of ephemeral containers already
    /// admitted; only the others are targets, and no other container is.</param>
    public ObjectTargets(JsonElement root, JsonElement? podSpec, string podSpecPointer, HashSet<string>? onlyNewEphemeral = null)
    {
        Object = new Target(root, string.Empty);
        PodSpec = podSpec is { } spec ? new Target(spec, podSpecPointer) : null;
        var containersJudged = onlyNewEphemeral is null;
        _containers = containersJudged && podSpec is { } a ? Containers(a, podSpecPointer, "containers", "container") : [];
        _initContainers = containersJudged && podSpec is { } b ? Containers(b, podSpecPointer, "initContainers", "initContainer") : [];
        _ephemeralContainers = podSpec is { } c ? Containers(c, podSpecPointer, "ephemeralContainers", "ephemeralContainer") : [];
        if (onlyNewEphemeral is { Count: > 0 })
        {
            _ephemeralContainers = [.. _ephemeralContainers.Where(t => t.ContainerName is not { } name || !onlyNewEphemeral.Contains(name))];
        }

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

    public Target? PodSpec { get; }

    /// <summary>
    /// The targets of <paramref name="rule"/>, in order. Built once per evaluation for each container selection and
    /// shared by the rules that make it: callers must not change the array.
    /// </summary>
    public Target[] For(Rule rule)
    {
        switch (rule.Target)
        {
            case RuleTarget.Object:
                return _object ??= [Object];
            case RuleTarget.Pod:
                return PodSpec is { } spec ? _podSpec ??= [spec] : [];
            case RuleTarget.Container:
                var selection = (int)rule.ContainerSelection;
                return _selected[selection] ??= Select(rule.ContainerSelection);
            default:
                return [];
        }
    }

    private Target[] Select(ContainerSelection selection)
    {
        var targets = new List<Target>(_containers.Length + _initContainers.Length + _ephemeralContainers.Length);
        if (selection.HasFlag(ContainerSelection.Containers))
        {
            targets.AddRange(_containers);
        }

        var allInit = selection.HasFlag(ContainerSelection.InitContainers);
        if (allInit || selection.HasFlag(ContainerSelection.SidecarContainers))
        {
            foreach (var container in _initContainers)
            {
                if (allInit || container.IsSidecar)
                {
                    targets.Add(container);
                }
            }
        }

        if (selection.HasFlag(ContainerSelection.EphemeralContainers))
        {
            targets.AddRange(_ephemeralContainers);
        }

        return [.. targets];
    }

    /// <summary>The container target that holds <paramref name="pointer"/> (or is it), if any.</summary>
    public Target? ContainerAt(string pointer)
    {
        foreach (var list in (Target[][])[_containers, _initContainers, _ephemeralContainers])
        {
            foreach (var container in list)
            {
                var at = container.Pointer;
                if (pointer.StartsWith(at, StringComparison.Ordinal) && (pointer.Length == at.Length || pointer[at.Length] == '/'))
                {
                    return container;
                }
            }
        }

        return null;
    }

    private static Target[] Containers(JsonElement podSpec, string podSpecPointer, string field, string typeName)
    {
        if (podSpec.ValueKind != JsonValueKind.Object || !podSpec.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var targets = new Target[list.GetArrayLength()];
        var index = 0;
        foreach (var container in list.EnumerateArray())
        {
            targets[index] = new Target(container, podSpecPointer, field, index, typeName, IsSidecar(container));
            index++;
        }

        return targets;
    }

    private static bool IsSidecar(JsonElement container) =>
        container.ValueKind == JsonValueKind.Object
        && container.TryGetProperty("restartPolicy", out var policy)
        && policy.ValueKind == JsonValueKind.String
        && policy.ValueEquals("Always");

    internal static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
