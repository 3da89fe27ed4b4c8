using System.Text.Json;
using Guardrails.Fuzz.Targets;

namespace Guardrails.Fuzz.Oracles;

/// <summary>
/// Decides, independently of the engine, a few things in an admission review that the built-in pack must deny: a
/// privileged container or a hostPath volume in a pod spec (no-privileged, no-host-path), and fewer than two replicas
/// of a Deployment or StatefulSet in the production namespace, also through the scale subresource (replica-minimum).
/// </summary>
/// <remarks>
/// It claims only what is clear-cut: a CREATE or UPDATE of the object itself (or its scale) in a named namespace other
/// than kube-system, the field in the place Kubernetes defines for the kind, with the exact JSON value. Anything it
/// cannot place says nothing, so every reason it gives is one the webhook must not allow. Its own table of pod spec
/// locations is written out here on purpose: the engine's table is what it checks.
/// </remarks>
internal static class MustDenyOracle
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 128 };

    private static readonly Dictionary<string, string[]> PodSpecPaths = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec"],
        ["PodTemplate"] = ["template", "spec"],
        ["Deployment"] = ["spec", "template", "spec"],
        ["StatefulSet"] = ["spec", "template", "spec"],
        ["DaemonSet"] = ["spec", "template", "spec"],
        ["ReplicaSet"] = ["spec", "template", "spec"],
        ["ReplicationController"] = ["spec", "template", "spec"],
        ["Job"] = ["spec", "template", "spec"],
        ["CronJob"] = ["spec", "jobTemplate", "spec", "template", "spec"],
    };

    /// <summary>Why the review must be denied; empty when this oracle cannot tell.</summary>
    public static IReadOnlyList<string> Reasons(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, ParseOptions);
            return Reasons(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string this oracle cannot decode (a lone surrogate escape): it cannot tell.
            return [];
        }
    }

    private static List<string> Reasons(JsonElement review)
    {
        var reasons = new List<string>();
        if (Member(review, "request") is not { ValueKind: JsonValueKind.Object } request
            || String(request, "operation") is not ("CREATE" or "UPDATE")
            || String(request, "namespace") is not { Length: > 0 } ns || ns == "kube-system"
            || Member(request, "object") is not { ValueKind: JsonValueKind.Object } obj)
        {
            return reasons;
        }

        switch (String(request, "subResource"))
        {
            case null or "":
                PodSpecReasons(obj, reasons);
                if (ns == AdmissionTarget.ProductionNamespace && String(obj, "kind") is "Deployment" or "StatefulSet"
                    && Member(obj, "spec") is { ValueKind: JsonValueKind.Object } spec && TooFewReplicas(spec))
                {
                    reasons.Add($"{String(obj, "kind")} in {ns} asks for fewer than 2 replicas");
                }

                break;
            case "scale":
                if (ns == AdmissionTarget.ProductionNamespace && Member(request, "resource") is { ValueKind: JsonValueKind.Object } resource
                    && String(resource, "resource") is "deployments" or "statefulsets"
                    && (Member(obj, "spec") is not { ValueKind: JsonValueKind.Object } scaleSpec || TooFewReplicas(scaleSpec)))
                {
                    reasons.Add($"scale of {String(resource, "resource")} in {ns} to fewer than 2 replicas");
                }

                break;
        }

        return reasons;
    }

    private static void PodSpecReasons(JsonElement obj, List<string> reasons)
    {
        if (String(obj, "kind") is not { } kind || !PodSpecPaths.TryGetValue(kind, out var path))
        {
            return;
        }

        var podSpec = obj;
        foreach (var step in path)
        {
            if (Member(podSpec, step) is not { ValueKind: JsonValueKind.Object } next)
            {
                return;
            }

            podSpec = next;
        }

        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var container in Items(podSpec, list))
            {
                if (Member(container, "securityContext") is { ValueKind: JsonValueKind.Object } context
                    && Member(context, "privileged") is { ValueKind: JsonValueKind.True })
                {
                    reasons.Add($"{kind} has a privileged container in {list}");
                }
            }
        }

        foreach (var volume in Items(podSpec, "volumes"))
        {
            if (Member(volume, "hostPath") is not null)
            {
                reasons.Add($"{kind} has a hostPath volume");
            }
        }
    }

    // Absent means the API server's default of 1; 0 and 1 are written exactly so.
    private static bool TooFewReplicas(JsonElement spec) =>
        Member(spec, "replicas") is not { } replicas || (replicas.ValueKind == JsonValueKind.Number && replicas.GetRawText() is "0" or "1");

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        Member(parent, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object) : [];

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
