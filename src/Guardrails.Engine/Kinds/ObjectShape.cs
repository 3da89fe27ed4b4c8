using System.Globalization;
using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Matching;
using Guardrails.Schema;

namespace Guardrails.Engine.Kinds;

/// <summary>
/// The structural facts the policies rely on, checked once per evaluation: an object that breaks one cannot be judged
/// against its kind's shape (a rule would find no containers where the cluster has some, or read a number the API server
/// refuses), so it is refused with the pointer and the reason instead of being allowed. Each fact is one the API server
/// itself enforces while it decodes or validates, so nothing it would store is refused (checked against
/// kube-apiserver v1.32):
/// <list type="bullet">
/// <item><c>apiVersion</c>, when present, is a string; in a built-in group, it and <c>kind</c> name a kind Kubernetes 1.32
/// serves (<see cref="BuiltInKinds"/>).</item>
/// <item>A pod-bearing kind of its built-in group (Pod, PodTemplate, ReplicationController; apps Deployment, StatefulSet,
/// DaemonSet, ReplicaSet; batch Job, CronJob) has every object on the way to its pod spec (<c>spec</c>, <c>template</c>,
/// ...); the pod spec has a non-empty list of container objects; init and ephemeral containers, when present, are lists
/// of objects; the pod's and each container's <c>securityContext</c>, a container's <c>resources</c> and its
/// <c>limits</c> and <c>requests</c>, when present, are objects.</item>
/// <item><c>spec.replicas</c> of a Deployment, StatefulSet, ReplicaSet or ReplicationController, when present, is an
/// integer written as one (<c>2</c>, not <c>2.0</c> or <c>1e2</c>, which the API server refuses in JSON) within int32.</item>
/// <item>A HorizontalPodAutoscaler of <c>autoscaling</c> has, when present, an object <c>spec</c>, int32 <c>minReplicas</c> and
/// <c>maxReplicas</c> written as integers, and an object <c>scaleTargetRef</c> whose <c>apiVersion</c>, <c>kind</c> and
/// <c>name</c> are strings: the facts an autoscaler gives about the workload it scales.</item>
/// </list>
/// A null field counts as absent (the engine judges the stored view), so <c>spec: null</c> is a missing spec.
/// </summary>
internal static class ObjectShape
{
    private static readonly Dictionary<string, string> PodKindGroups = new(StringComparer.Ordinal)
    {
        ["Pod"] = string.Empty,
        ["PodTemplate"] = string.Empty,
        ["ReplicationController"] = string.Empty,
        ["Deployment"] = "apps",
        ["StatefulSet"] = "apps",
        ["DaemonSet"] = "apps",
        ["ReplicaSet"] = "apps",
        ["Job"] = "batch",
        ["CronJob"] = "batch",
    };

    private static readonly HashSet<string> ReplicatedKinds = new(StringComparer.Ordinal) { "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController" };

    /// <summary>Why the object cannot be judged (pointer first), or null.</summary>
    /// <param name="root">The object, as stored (no null members).</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="wholeObject">False for the scale subresource, whose object holds only <c>spec.replicas</c>.</param>
    public static string? Problem(JsonElement root, string kind, bool wholeObject)
    {
        // The group is read as a span of the apiVersion (a known one costs no string); absent without an apiVersion.
        var hasGroup = false;
        var group = ReadOnlySpan<char>.Empty;
        if (root.TryGetProperty("apiVersion"u8, out var apiVersion))
        {
            if (apiVersion.ValueKind != JsonValueKind.String)
            {
                return "/apiVersion: must be a string";
            }

            var text = KnownNames.Read(apiVersion);
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            hasGroup = true;
            group = slash < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(0, slash);
            if (wholeObject && BuiltInKinds.Problem(text, kind) is { } unknown)
            {
                return "/kind: " + unknown;
            }
        }

        // A kind of another group that shares the name (a custom resource called Deployment) has its own shape.
        var ownGroup = !hasGroup || (PodKindGroups.TryGetValue(kind, out var expected) && group.SequenceEqual(expected));
        if (ownGroup && ReplicatedKinds.Contains(kind) && ReplicasProblem(root) is { } replicas)
        {
            return replicas;
        }

        if (kind == Autoscaler.Kind && (!hasGroup || group.SequenceEqual(Autoscaler.Group)))
        {
            return wholeObject ? AutoscalerProblem(root) : null;
        }

        return ownGroup && wholeObject && PodKindGroups.ContainsKey(kind) ? PodProblem(root, kind) : null;
    }

    private static string? AutoscalerProblem(JsonElement root)
    {
        if (!root.TryGetProperty("spec", out var spec))
        {
            return null;
        }

        if (spec.ValueKind != JsonValueKind.Object)
        {
            return $"/spec: must be an object, not {Describe(spec)}";
        }

        foreach (var field in (string[])["minReplicas", "maxReplicas"])
        {
            if (spec.TryGetProperty(field, out var count) && Int32Of(count) is null)
            {
                return $"/spec/{field}: must be an integer from -2147483648 to 2147483647 written without a fraction or exponent, as the API server reads it, not {Describe(count)}";
            }
        }

        if (ObjectIfPresent(spec, "/spec", "scaleTargetRef") is { } notObject)
        {
            return notObject;
        }

        if (spec.TryGetProperty("scaleTargetRef", out var target))
        {
            foreach (var field in (string[])["apiVersion", "kind", "name"])
            {
                if (target.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.String)
                {
                    return $"/spec/scaleTargetRef/{field}: must be a string, not {Describe(value)}";
                }
            }
        }

        return null;
    }

    private static string? ReplicasProblem(JsonElement root)
    {
        if (!root.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty("replicas", out var replicas))
        {
            return null;
        }

        return Int32Of(replicas) is null
            ? $"/spec/replicas: must be an integer from -2147483648 to 2147483647 written without a fraction or exponent, as the API server reads it, not {Describe(replicas)}"
            : null;
    }

    /// <summary>An int32 as the API server reads one from JSON: an integer without a fraction or an exponent; null otherwise.</summary>
    internal static int? Int32Of(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        var raw = value.GetRawText();
        return raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    // Pointers are spelled out only for a problem: a well-formed object (nearly every one) costs no string.
    private static string? PodProblem(JsonElement root, string kind)
    {
        if (PodSpecLocator.PathOf(kind) is not { } path)
        {
            return null;
        }

        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            if (!current.TryGetProperty(path[i], out current))
            {
                return $"{PathPointer(path, i)}: is required for a {kind} (without it there is no pod spec to judge)";
            }

            if (current.ValueKind != JsonValueKind.Object)
            {
                return $"{PathPointer(path, i)}: must be an object, not {Describe(current)}";
            }
        }

        var pointer = PodSpecLocator.PointerOf(kind)!;
        return (NotAnObject(current, "securityContext"u8, out var notObject) ? NotAnObjectProblem(pointer, "securityContext", notObject) : null)
            ?? ContainersProblem(current, pointer, "containers", "containers"u8, required: true)
            ?? ContainersProblem(current, pointer, "initContainers", "initContainers"u8, required: false)
            ?? ContainersProblem(current, pointer, "ephemeralContainers", "ephemeralContainers"u8, required: false);
    }

    private static string PathPointer(IReadOnlyList<string> path, int last)
    {
        var at = string.Empty;
        for (var i = 0; i <= last; i++)
        {
            at = JsonPointer.Append(at, path[i]);
        }

        return at;
    }

    private static string? ContainersProblem(JsonElement podSpec, string pointer, string field, ReadOnlySpan<byte> utf8Field, bool required)
    {
        if (!podSpec.TryGetProperty(utf8Field, out var list))
        {
            return required ? $"{JsonPointer.Append(pointer, field)}: is required (a pod runs at least one container)" : null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return $"{JsonPointer.Append(pointer, field)}: must be a list of containers, not {Describe(list)}";
        }

        if (required && list.GetArrayLength() == 0)
        {
            return $"{JsonPointer.Append(pointer, field)}: must not be empty (a pod runs at least one container)";
        }

        var index = 0;
        foreach (var container in list.EnumerateArray())
        {
            if (ContainerProblem(container) is { } problem)
            {
                var item = JsonPointer.Append(JsonPointer.Append(pointer, field), index);
                return problem.Field is null ? $"{item}: must be a container object, not {Describe(container)}" : NotAnObjectProblem(item, problem.Field, problem.Value);
            }

            index++;
        }

        return null;
    }

    // What is wrong with one container, as the member (a path below the container) that is not an object; a null
    // member means the container itself is not an object.
    private static (string? Field, JsonElement Value)? ContainerProblem(JsonElement container)
    {
        if (container.ValueKind != JsonValueKind.Object)
        {
            return (null, container);
        }

        if (NotAnObject(container, "securityContext"u8, out var value))
        {
            return ("securityContext", value);
        }

        if (container.TryGetProperty("resources"u8, out var resources))
        {
            if (resources.ValueKind != JsonValueKind.Object)
            {
                return ("resources", resources);
            }

            if (NotAnObject(resources, "limits"u8, out value))
            {
                return ("resources/limits", value);
            }

            if (NotAnObject(resources, "requests"u8, out value))
            {
                return ("resources/requests", value);
            }
        }

        return null;
    }

    private static bool NotAnObject(JsonElement parent, ReadOnlySpan<byte> field, out JsonElement value) =>
        parent.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Object;

    // The member is a path of plain names (no character JSON Pointer escapes), so it is appended as it is.
    private static string NotAnObjectProblem(string pointer, string member, JsonElement value) =>
        $"{pointer}/{member}: must be an object, not {Describe(value)}";

    private static string? ObjectIfPresent(JsonElement parent, string pointer, string field) =>
        parent.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Object
            ? $"{JsonPointer.Append(pointer, field)}: must be an object, not {Describe(value)}"
            : null;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.GetRawText().Length <= 40 ? value.GetRawText() : "a number of " + value.GetRawText().Length.ToString(CultureInfo.InvariantCulture) + " characters",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
