using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;

namespace Guardrails.Cli.PolicySets;

/// <summary>
/// Judges one small Deployment with a run's engine and throws the verdict away: the first judgement of a short run
/// pays for the engine's class constructors, its fused checks and the runtime's first calls through each interface,
/// and doing that on the idle core while the main thread reads the input takes it off the run's critical path
/// (docs/performance.md, start-up). The engine is pure and thread-safe, so the verdicts of the run do not change.
/// </summary>
internal static class EngineWarmUp
{
    private static ReadOnlySpan<byte> Sample => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"warm-up","namespace":"default","labels":{"app":"warm-up"}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"warm-up"}},"template":{"metadata":{"labels":{"app":"warm-up"}},
         "spec":{"securityContext":{"runAsNonRoot":true},"containers":[{"name":"app","image":"registry.example.com/app:latest",
         "ports":[{"containerPort":8080}],"env":[{"name":"PASSWORD","value":"x"}],"securityContext":{"allowPrivilegeEscalation":false}}]}}}}
        """u8;

    /// <summary>Judges the sample Deployment with <paramref name="engine"/>.</summary>
    public static void Run(PolicyEngine engine)
    {
        var reader = new Utf8JsonReader(Sample);
        engine.Evaluate(HostRequest.For(JsonElement.ParseValue(ref reader), AdmissionOperation.Create, "default", null, null));
    }
}
