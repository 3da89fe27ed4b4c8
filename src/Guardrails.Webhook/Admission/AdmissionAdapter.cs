using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Hosts;

namespace Guardrails.Webhook.Admission;

/// <summary>
/// Turns an admission request into the engine's request, the same one <c>guardrails check</c> builds from a file.
/// The only translation is for <c>scale</c>: the API server sends a <c>Scale</c>, and the engine judges the scaled
/// object's kind with the requested <c>spec.replicas</c>.
/// </summary>
internal static class AdmissionAdapter
{
    private static readonly Dictionary<string, string> ScalableKinds = new(StringComparer.Ordinal)
    {
        ["deployments"] = "Deployment",
        ["statefulsets"] = "StatefulSet",
        ["replicasets"] = "ReplicaSet",
        ["replicationcontrollers"] = "ReplicationController",
    };

    /// <summary>The engine request; <paramref name="scratch"/> holds any document built here and must outlive the evaluation.</summary>
    /// <param name="request">The admission request.</param>
    /// <param name="namespaceLabels">The labels of its namespace; null when unknown.</param>
    /// <param name="autoscalers">The HorizontalPodAutoscalers of its namespace; null when unknown.</param>
    /// <param name="scratch">Holds any document built here.</param>
    public static EvaluationRequest ToEvaluationRequest(AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels, IReadOnlyList<Autoscaler>? autoscalers, out IDisposable? scratch)
    {
        scratch = null;
        var obj = request.Object;
        if (request.SubResource == "scale" && obj is { } scale)
        {
            var document = ScaledObject(request, scale);
            scratch = document;
            // A scalable resource the engine has no kind for (a custom resource) is judged as the Scale itself.
            obj = document?.RootElement ?? scale;
        }

        return HostRequest.For(obj, request.Operation, request.Namespace, namespaceLabels, autoscalers, request.OldObject, request.SubResource);
    }

    // { apiVersion, kind of the scaled resource, metadata of the Scale, spec: { replicas } }: what object rules judge.
    private static JsonDocument? ScaledObject(AdmissionRequest request, JsonElement scale)
    {
        if (!ScalableKinds.TryGetValue(request.Resource.Resource, out var kind))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", request.Resource.Group.Length == 0 ? request.Resource.Version : $"{request.Resource.Group}/{request.Resource.Version}");
            writer.WriteString("kind", kind);
            if (scale.TryGetProperty("metadata", out var metadata))
            {
                writer.WritePropertyName("metadata");
                metadata.WriteTo(writer);
            }

            writer.WriteStartObject("spec");
            if (scale.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("replicas", out var replicas))
            {
                writer.WritePropertyName("replicas");
                replicas.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray(), AdmissionReviewReader.ParseOptions);
    }
}
