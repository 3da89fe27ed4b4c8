using System.Buffers;
using System.Text.Json;
using Guardrails.Engine.Patching;

namespace Guardrails.Webhook.Admission;

/// <summary>Writes the <c>AdmissionReview</c> response, in the apiVersion of the request.</summary>
internal static class AdmissionReviewWriter
{
    public static void Write(IBufferWriter<byte> output, AdmissionRequest request, AdmissionDecision decision)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", request.ApiVersion);
        writer.WriteString("kind", "AdmissionReview");
        writer.WriteStartObject("response");
        writer.WriteString("uid", request.Uid);
        writer.WriteBoolean("allowed", decision.Allowed);
        if (!decision.Allowed)
        {
            writer.WriteStartObject("status");
            writer.WriteNumber("code", AdmissionDecision.ForbiddenCode);
            writer.WriteString("reason", "Forbidden");
            writer.WriteString("message", decision.Message);
            writer.WriteEndObject();
        }

        if (decision.Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in decision.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        if (decision.AuditAnnotations.Count > 0)
        {
            writer.WriteStartObject("auditAnnotations");
            foreach (var (key, value) in decision.AuditAnnotations)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (decision.Patch.Count > 0)
        {
            writer.WriteString("patchType", "JSONPatch");
            writer.WriteBase64String("patch", System.Text.Encoding.UTF8.GetBytes(PatchOperation.ToJson(decision.Patch)));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
