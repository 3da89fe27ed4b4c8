using System.Text.Json;

namespace Guardrails.Engine.Matching;

/// <summary>Where each pod-bearing kind keeps its pod spec: one table, so no controller can bypass a pod rule.</summary>
public static class PodSpecLocator
{
    private static readonly Dictionary<string, string[]> Paths = new(StringComparer.Ordinal)
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

    // Spelled out once: every evaluation of a pod-bearing object needs its pod spec's pointer.
    private static readonly Dictionary<string, string> Pointers = Paths.ToDictionary(p => p.Key, p => "/" + string.Join('/', p.Value), StringComparer.Ordinal);

    /// <summary>Every kind that carries a pod spec.</summary>
    public static IReadOnlyCollection<string> PodBearingKinds => Paths.Keys;

    /// <summary>True when objects of <paramref name="kind"/> carry a pod spec.</summary>
    public static bool CarriesPodSpec(string kind) => Paths.ContainsKey(kind);

    /// <summary>The JSON Pointer of the pod spec of <paramref name="kind"/>, if it has one.</summary>
    public static string? PointerOf(string kind) => Pointers.GetValueOrDefault(kind);

    /// <summary>The members on the way from the object to the pod spec of <paramref name="kind"/>, if it has one.</summary>
    internal static IReadOnlyList<string>? PathOf(string kind) => Paths.GetValueOrDefault(kind);

    /// <summary>The pod template's metadata pointer (<c>/spec/template/metadata</c>), if the kind has a template.</summary>
    internal static bool TryFindTemplateMetadata(string kind, JsonElement root, out JsonElement metadata)
    {
        metadata = default;
        if (!Paths.TryGetValue(kind, out var path) || path.Length < 2)
        {
            return false;
        }

        var current = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[i], out current))
            {
                return false;
            }
        }

        return current.ValueKind == JsonValueKind.Object && current.TryGetProperty("metadata", out metadata) && metadata.ValueKind == JsonValueKind.Object;
    }

    /// <summary>Finds the pod spec of <paramref name="root"/>; false when its kind has none or it is absent.</summary>
    internal static bool TryFind(string kind, JsonElement root, out JsonElement podSpec, out string pointer)
    {
        podSpec = default;
        pointer = string.Empty;
        if (!Paths.TryGetValue(kind, out var path))
        {
            return false;
        }

        var current = root;
        foreach (var token in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(token, out current))
            {
                return false;
            }
        }

        podSpec = current;
        pointer = PointerOf(kind)!;
        return current.ValueKind == JsonValueKind.Object;
    }
}
