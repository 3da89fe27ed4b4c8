using System.Text.Json.Nodes;
using Guardrails.EndToEnd.Kubernetes;

namespace Guardrails.EndToEnd.Webhook;

/// <summary>Pods that show whether a namespace is judged by guardrails: one any guardrails denies, one the mutating webhook patches.</summary>
internal static class Probes
{
    /// <summary>An untagged image without probes, requests or limits: every guardrails validating webhook denies it, patched or not.</summary>
    public static JsonObject DeniedPod(string ns) => Pod(ns, "probe-denied", new JsonObject { ["name"] = "probe", ["image"] = "busybox" });

    /// <summary>Compliant but for allowPrivilegeEscalation (a warning), which the mutating webhook sets to false.</summary>
    public static JsonObject PatchedPod(string ns) => Pod(ns, "probe-patched", new JsonObject
    {
        ["name"] = "probe",
        ["image"] = "registry.example.com/probe:1.0.0",
        ["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "10m", ["memory"] = "16Mi" },
            ["limits"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "32Mi" },
        },
        ["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 8080 } },
        ["livenessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 8080 } },
    });

    public static bool WasPatched(ApiResponse response) =>
        response.IsSuccess && response.Json?["spec"]?["containers"]?[0]?["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>() == false;

    private static JsonObject Pod(string ns, string name, JsonObject container) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["runAsUser"] = 10001 },
            ["containers"] = new JsonArray(container),
        },
    };
}
