using System.Text.Json.Nodes;
using Guardrails.Cli.Testing;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>Applies an RFC 6902 patch with Microsoft.AspNetCore.JsonPatch.SystemTextJson, as the API server would apply it.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray patch)
    {
        var copy = target.DeepClone();
        JsonPatchJsonContext.ReadPatch(patch.ToJsonString()).ApplyTo(copy);
        return copy;
    }
}
