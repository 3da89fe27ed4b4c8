using System.Text.Json;

namespace Guardrails.Engine.Autoscaling;

/// <summary>
/// A HorizontalPodAutoscaler as the engine needs it to judge the workload it scales: where it is, what it scales and the
/// fewest replicas it keeps. Hosts supply these facts in <see cref="Evaluation.EvaluationRequest.Autoscalers"/>:
/// <c>guardrails check</c> from the HorizontalPodAutoscalers in its input, the webhook from a watched cache of the
/// cluster's.
/// </summary>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="TargetApiVersion"><c>spec.scaleTargetRef.apiVersion</c>; empty when absent (the core group).</param>
/// <param name="TargetKind"><c>spec.scaleTargetRef.kind</c>.</param>
/// <param name="TargetName"><c>spec.scaleTargetRef.name</c>.</param>
/// <param name="MinReplicas"><c>spec.minReplicas</c>; null when absent, which the API server defaults to 1.</param>
public sealed record Autoscaler(string Namespace, string Name, string TargetApiVersion, string TargetKind, string TargetName, int? MinReplicas)
{
    /// <summary>The kind these facts come from.</summary>
    public const string Kind = "HorizontalPodAutoscaler";

    /// <summary>The API group that serves <see cref="Kind"/> (as <c>autoscaling/v1</c> and <c>autoscaling/v2</c>).</summary>
    public const string Group = "autoscaling";

    /// <summary>The fewest replicas the autoscaler keeps: <see cref="MinReplicas"/>, or 1 when it is absent (the API server's default).</summary>
    public int Floor => MinReplicas ?? 1;

    /// <summary>
    /// The facts of a HorizontalPodAutoscaler (<c>autoscaling/v1</c> or <c>v2</c>, which name these fields alike), judged in
    /// <paramref name="namespaceName"/>; null for any other object, and for one whose facts cannot be read (no name, no
    /// <c>scaleTargetRef</c> with a kind and a name, a <c>minReplicas</c> that is not an int32): the API server stores no
    /// such autoscaler, and the engine refuses it as not of its kind's shape when it is judged itself.
    /// </summary>
    public static Autoscaler? FromObject(JsonElement obj, string namespaceName)
    {
        if (obj.ValueKind != JsonValueKind.Object || Text(obj, "kind") != Kind || Text(obj, "apiVersion") is not { } apiVersion || GroupOf(apiVersion) != Group
            || !obj.TryGetProperty("metadata", out var metadata) || Text(metadata, "name") is not { Length: > 0 } name
            || !obj.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object
            || !spec.TryGetProperty("scaleTargetRef", out var target) || Text(target, "kind") is not { Length: > 0 } targetKind
            || Text(target, "name") is not { Length: > 0 } targetName)
        {
            return null;
        }

        var targetApiVersion = string.Empty;
        if (target.TryGetProperty("apiVersion", out var version) && version.ValueKind != JsonValueKind.Null)
        {
            if (version.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            targetApiVersion = version.GetString()!;
        }

        int? minReplicas = null;
        if (spec.TryGetProperty("minReplicas", out var min) && min.ValueKind != JsonValueKind.Null)
        {
            if (Kinds.ObjectShape.Int32Of(min) is not { } value)
            {
                return null;
            }

            minReplicas = value;
        }

        return new Autoscaler(namespaceName, name, targetApiVersion, targetKind, targetName, minReplicas);
    }

    /// <summary>
    /// True when this autoscaler scales the object <paramref name="kind"/> <paramref name="name"/> of
    /// <paramref name="apiVersion"/> in <paramref name="namespaceName"/>: the same namespace, kind and name, and the same API
    /// group (the version may differ, as the HorizontalPodAutoscaler controller resolves the target by group and kind).
    /// </summary>
    public bool Scales(string namespaceName, string apiVersion, string kind, string name) =>
        string.Equals(Namespace, namespaceName, StringComparison.Ordinal)
        && string.Equals(TargetKind, kind, StringComparison.Ordinal)
        && string.Equals(TargetName, name, StringComparison.Ordinal)
        && string.Equals(GroupOf(TargetApiVersion), GroupOf(apiVersion), StringComparison.Ordinal);

    /// <summary>The API group of an <c>apiVersion</c>: the part before the '/', or empty for the core group (<c>v1</c>).</summary>
    public static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
