using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Json;
using Guardrails.Engine.Kinds;
using Guardrails.Schema;

namespace Guardrails.Engine.Patching;

/// <summary>
/// The Kubernetes API server's validation rules that a mutation can break, so that the engine withholds a fix the
/// API server would refuse (a 422 instead of the guardrails verdict) and <c>guardrails test</c> can check what its
/// fixtures' patches produce. Each container and update rule here was confirmed against a real kube-apiserver v1.32;
/// the HorizontalPodAutoscaler range (maxReplicas at least minReplicas) is taken from the API server's validation of
/// <c>autoscaling</c>.
/// </summary>
public static class ApiServerRules
{
    private static readonly string[] EphemeralForbidden = ["ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resources"];

    // The members of a container that ContainerRefusals reads, by container type; it reads no other.
    private static readonly FrozenSet<string> ContainerFields = FrozenSet.Create(StringComparer.Ordinal, "securityContext", "resources");
    private static readonly FrozenSet<string> EphemeralContainerFields = FrozenSet.Create(StringComparer.Ordinal, ["securityContext", "resources", .. EphemeralForbidden]);

    /// <summary>
    /// Every container of <paramref name="obj"/> (any pod-bearing kind) that breaks one of these rules, as
    /// <c>pointer: reason</c>; empty when none does. <c>guardrails test</c> checks fixtures' patched objects with it.
    /// </summary>
    public static IReadOnlyList<string> Refusals(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            return [];
        }

        if (kind.ValueEquals(Autoscaler.Kind))
        {
            return AutoscalerRange(obj, null) is { } range ? [$"/spec/maxReplicas: {range}"] : [];
        }

        if (!Matching.PodSpecLocator.TryFind(kind.GetString()!, obj, out var podSpec, out var pointer))
        {
            return [];
        }

        return [.. ContainerRefusals(podSpec, pointer).Select(r => $"{r.Pointer}: {r.Reason}")];
    }

    /// <summary>Why the API server refuses <paramref name="root"/> with <paramref name="change"/> made, for the rules on an object's own fields; null when it does not.</summary>
    internal static string? ObjectRefusal(string kind, JsonElement root, FieldChange change) =>
        kind == Autoscaler.Kind && change.Pointer == "/spec/minReplicas" ? AutoscalerRange(root, change.Value) : null;

    // The API server: "spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`" (an absent
    // maxReplicas is refused for its own sake).
    private static string? AutoscalerRange(JsonElement root, JsonElement? newMinReplicas)
    {
        if (!root.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object
            || !spec.TryGetProperty("maxReplicas", out var maxValue) || ObjectShape.Int32Of(maxValue) is not { } max)
        {
            return null;
        }

        var min = newMinReplicas is { } given ? ObjectShape.Int32Of(given)
            : spec.TryGetProperty("minReplicas", out var minValue) ? ObjectShape.Int32Of(minValue) : null;
        return min > max ? $"the API server refuses a maxReplicas ({max}) below minReplicas ({min})" : null;
    }

    /// <summary>The members of a container of <paramref name="containerType"/> that <see cref="ContainerRefusals(JsonNode?, string?)"/> reads.</summary>
    internal static IReadOnlySet<string> ContainerFieldsRead(string? containerType) =>
        containerType == "ephemeralContainer" ? EphemeralContainerFields : ContainerFields;

    /// <summary>Every reason the API server would refuse this container; empty when it breaks none of these rules.</summary>
    internal static IEnumerable<string> ContainerRefusals(JsonNode? container, string? containerType)
    {
        if (container is not JsonObject fields)
        {
            yield break;
        }

        if (PrivilegeEscalation(fields["securityContext"] as JsonObject) is { } escalation)
        {
            yield return escalation;
        }

        if (RequestsWithinLimits(fields["resources"] as JsonObject) is { } resources)
        {
            yield return resources;
        }

        if (containerType == "ephemeralContainer" && EphemeralField(fields) is { } ephemeral)
        {
            yield return ephemeral;
        }
    }

    /// <summary>
    /// The first reason <see cref="ContainerRefusals(JsonNode?, string?)"/> gives for a regular or init container with
    /// <paramref name="accepted"/> then <paramref name="added"/> written that it did not give with <paramref name="accepted"/>
    /// alone (null when none), the container read as <see cref="JsonNodes.From(JsonElement, IReadOnlySet{string})"/> reads it
    /// and each write set in order by <see cref="JsonNodes.Set(JsonNode?, IReadOnlyList{string}, JsonElement)"/>, but in place
    /// instead of from node trees. False when it cannot be read so: an ephemeral container, or a write that is not one value
    /// of <c>securityContext</c> or of <c>resources.requests</c> or <c>resources.limits</c> (a whole securityContext, a
    /// capability), which the caller reads from the trees.
    /// </summary>
    internal static bool TryNewContainerRefusalInPlace(
        JsonElement container, string? containerType, List<ContainerWrite> accepted, List<ContainerWrite> added, out string? refusal)
    {
        refusal = null;
        if (!CanReadInPlace(container, containerType, accepted) || !CanReadInPlace(container, containerType, added))
        {
            return false;
        }

        // Each rule reads only the writes below its own object, so it says the same before and after writes elsewhere;
        // and the two rules never give the same reason, so each is compared with its own reason before.
        var written = new WrittenContainer(container);
        List<ContainerWrite> all = [.. accepted, .. added];
        if (WritesBelow(added, "securityContext") && PrivilegeEscalation(written, all) is { } escalation && escalation != PrivilegeEscalation(written, accepted))
        {
            refusal = escalation;
        }
        else if (WritesBelow(added, "resources") && RequestsWithinLimits(written, all) is { } resources && resources != RequestsWithinLimits(written, accepted))
        {
            refusal = resources;
        }

        return true;
    }

    private static bool WritesBelow(List<ContainerWrite> writes, string member)
    {
        foreach (var write in writes)
        {
            if (write.Tokens.Length > 0 && write.Tokens[0] == member)
            {
                return true;
            }
        }

        return false;
    }

    private static bool CanReadInPlace(JsonElement container, string? containerType, List<ContainerWrite> writes)
    {
        if (containerType == "ephemeralContainer" || container.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var write in writes)
        {
            if (!InPlace(write.Tokens))
            {
                return false;
            }
        }

        return true;
    }

    // The writes read in place: securityContext.X and resources.requests.X / resources.limits.X. A write outside
    // securityContext and resources sets nothing these rules read (and is not in the tree they read).
    private static bool InPlace(string[] tokens) => tokens switch
    {
        [] => true,
        ["securityContext", _] => true,
        ["resources", "requests" or "limits", _] => true,
        ["securityContext" or "resources", ..] => false,
        _ => true,
    };

    /// <summary>
    /// True for a field the API server defaults before any webhook sees a create: <c>spec.replicas</c> of the workloads
    /// that have one (seen from kube-apiserver v1.32), and <c>spec.minReplicas</c> of a HorizontalPodAutoscaler (the
    /// defaulting of <c>autoscaling</c> v1 and v2 sets an absent one to 1).
    /// </summary>
    internal static bool DefaultedBeforeAdmission(string kind, string pointer) => DefaultBeforeAdmission(kind, pointer) is not null;

    /// <summary>The value the API server gives the field of <see cref="DefaultedBeforeAdmission"/>; null for any other field.</summary>
    internal static int? DefaultBeforeAdmission(string kind, string pointer) =>
        (pointer == "/spec/replicas" && kind is "Deployment" or "StatefulSet" or "ReplicaSet" or "ReplicationController")
        || (pointer == "/spec/minReplicas" && kind == Autoscaler.Kind)
            ? 1
            : null;

    /// <summary>Why the API server refuses a change at <paramref name="pointer"/> of an existing <paramref name="kind"/>; null when the field may change.</summary>
    /// <param name="kind">The object's kind.</param>
    /// <param name="pointer">The field.</param>
    /// <param name="ephemeralContainers">True for the <c>ephemeralcontainers</c> subresource, which may add ephemeral containers.</param>
    internal static string? ImmutableOnUpdate(string kind, string pointer, bool ephemeralContainers) => kind switch
    {
        "Pod" when ephemeralContainers && pointer.StartsWith("/spec/ephemeralContainers/", StringComparison.Ordinal) => null,
        "Pod" when pointer.StartsWith("/spec/", StringComparison.Ordinal) =>
            "a Pod's spec cannot change after it is created, beyond images, tolerations and deadlines",
        "Job" when pointer.StartsWith("/spec/template/", StringComparison.Ordinal) =>
            "a Job's pod template cannot change after it is created",
        "StatefulSet" when pointer.StartsWith("/spec/", StringComparison.Ordinal) && !StatefulSetMutable(pointer) =>
            "a StatefulSet's spec can change only in replicas, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds and ordinals",
        _ => null,
    };

    /// <summary>Every container of <paramref name="podSpec"/> the API server would refuse, with the reason.</summary>
    internal static IEnumerable<(string Pointer, string Reason)> ContainerRefusals(JsonElement podSpec, string podSpecPointer)
    {
        if (podSpec.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var (field, type) in new[] { ("containers", "container"), ("initContainers", "initContainer"), ("ephemeralContainers", "ephemeralContainer") })
        {
            if (!podSpec.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var index = 0;
            foreach (var container in list.EnumerateArray())
            {
                foreach (var reason in ContainerRefusals(JsonNodes.From(container), type))
                {
                    yield return ($"{podSpecPointer}/{field}/{index}", reason);
                }

                index++;
            }
        }
    }

    private static bool StatefulSetMutable(string pointer) =>
        pointer is "/spec/replicas" or "/spec/minReadySeconds"
        || pointer.StartsWith("/spec/template", StringComparison.Ordinal)
        || pointer.StartsWith("/spec/updateStrategy", StringComparison.Ordinal)
        || pointer.StartsWith("/spec/persistentVolumeClaimRetentionPolicy", StringComparison.Ordinal)
        || pointer.StartsWith("/spec/ordinals", StringComparison.Ordinal);

    // The API server: "cannot set allowPrivilegeEscalation to false and privileged to true", and the same for an
    // added CAP_SYS_ADMIN (spelled exactly so: "SYS_ADMIN" is accepted).
    private static string? PrivilegeEscalation(JsonObject? securityContext)
    {
        if (securityContext?["allowPrivilegeEscalation"] is not JsonValue escalation || !escalation.TryGetValue<bool>(out var allowed) || allowed)
        {
            return null;
        }

        if (securityContext["privileged"] is JsonValue privileged && privileged.TryGetValue<bool>(out var isPrivileged) && isPrivileged)
        {
            return "the API server refuses allowPrivilegeEscalation: false on a privileged container";
        }

        return securityContext["capabilities"] is JsonObject capabilities && capabilities["add"] is JsonArray added && added.Any(c => c is JsonValue v && v.TryGetValue<string>(out var name) && name == "CAP_SYS_ADMIN")
            ? "the API server refuses allowPrivilegeEscalation: false on a container that adds CAP_SYS_ADMIN"
            : null;
    }

    // PrivilegeEscalation(JsonObject?) on the container's securityContext as written.
    private static string? PrivilegeEscalation(WrittenContainer container, List<ContainerWrite> writes)
    {
        if (container.SecurityContext(writes, "allowPrivilegeEscalation") is not { ValueKind: JsonValueKind.False })
        {
            return null;
        }

        if (container.SecurityContext(writes, "privileged") is { ValueKind: JsonValueKind.True })
        {
            return "the API server refuses allowPrivilegeEscalation: false on a privileged container";
        }

        return container.SecurityContext(writes, "capabilities") is { ValueKind: JsonValueKind.Object } capabilities
            && capabilities.TryGetProperty("add", out var added) && added.ValueKind == JsonValueKind.Array && AddsSysAdmin(added)
            ? "the API server refuses allowPrivilegeEscalation: false on a container that adds CAP_SYS_ADMIN"
            : null;
    }

    private static bool AddsSysAdmin(JsonElement added)
    {
        foreach (var capability in added.EnumerateArray())
        {
            if (capability.ValueKind == JsonValueKind.String && capability.ValueEquals("CAP_SYS_ADMIN"))
            {
                return true;
            }
        }

        return false;
    }

    // RequestsWithinLimits(JsonObject?) on the container's resources as written.
    private static string? RequestsWithinLimits(WrittenContainer container, List<ContainerWrite> writes)
    {
        if (!container.HasRequestsAndLimits(writes))
        {
            return null;
        }

        foreach (var name in container.RequestNames(writes))
        {
            if (Text(container.Request(writes, name)) is { } requested && Text(container.Limit(writes, name)) is { } limited
                && Quantity.TryParse(requested, out var low) && Quantity.TryParse(limited, out var high) && low > high)
            {
                return $"the API server refuses a {name} request ({requested}) above its limit ({limited})";
            }
        }

        return null;
    }

    private static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => null,
    };

    private static string? RequestsWithinLimits(JsonObject? resources)
    {
        if (resources?["requests"] is not JsonObject requests || resources["limits"] is not JsonObject limits)
        {
            return null;
        }

        foreach (var (name, request) in requests)
        {
            if (Text(request) is { } requested && Text(limits[name]) is { } limited
                && Quantity.TryParse(requested, out var low) && Quantity.TryParse(limited, out var high) && low > high)
            {
                return $"the API server refuses a {name} request ({requested}) above its limit ({limited})";
            }
        }

        return null;
    }

    // The API server defaults an ephemeral container's resources to {}: only a field with content is refused.
    private static string? EphemeralField(JsonObject container)
    {
        foreach (var field in EphemeralForbidden)
        {
            if (container[field] is { } value && value is not JsonObject { Count: 0 } && value is not JsonArray { Count: 0 })
            {
                return $"the API server refuses {field} on an ephemeral container";
            }
        }

        return null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text
        : node is JsonValue number && number.GetValueKind() == JsonValueKind.Number ? number.ToJsonString()
        : null;
}
