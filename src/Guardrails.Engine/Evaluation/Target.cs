using System.Text.Json;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>What one rule's schema is applied to: a container, the pod spec or the object.</summary>
internal readonly record struct Target(JsonElement Element, string Pointer, string? ContainerName, string? ContainerType, string? Image);

/// <summary>Finds a rule's targets in an object, in a stable order: containers, init containers, ephemeral containers.</summary>
internal static class Targets
{
    public static void Collect(Rule rule, JsonElement root, JsonElement? podSpec, string podSpecPointer, List<Target> targets)
    {
        targets.Clear();
        switch (rule.Target)
        {
            case RuleTarget.Object:
                targets.Add(new Target(root, string.Empty, null, null, null));
                return;
            case RuleTarget.Pod when podSpec is { } spec:
                targets.Add(new Target(spec, podSpecPointer, null, null, null));
                return;
            case RuleTarget.Container when podSpec is { } spec:
                var types = rule.ContainerTypes;
                if (types.Contains(ContainerType.Containers))
                {
                    AddContainers(spec, podSpecPointer, "containers", "container", sidecarsOnly: false, targets);
                }

                if (types.Contains(ContainerType.InitContainers) || types.Contains(ContainerType.SidecarContainers))
                {
                    AddContainers(spec, podSpecPointer, "initContainers", "initContainer", sidecarsOnly: !types.Contains(ContainerType.InitContainers), targets);
                }

                if (types.Contains(ContainerType.EphemeralContainers))
                {
                    AddContainers(spec, podSpecPointer, "ephemeralContainers", "ephemeralContainer", sidecarsOnly: false, targets);
                }

                return;
        }
    }

    private static void AddContainers(JsonElement podSpec, string podSpecPointer, string field, string typeName, bool sidecarsOnly, List<Target> targets)
    {
        if (podSpec.ValueKind != JsonValueKind.Object || !podSpec.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var container in list.EnumerateArray())
        {
            if (!sidecarsOnly || IsSidecar(container))
            {
                targets.Add(new Target(container, $"{podSpecPointer}/{field}/{index}", StringField(container, "name"), typeName, StringField(container, "image")));
            }

            index++;
        }
    }

    private static bool IsSidecar(JsonElement container) =>
        container.ValueKind == JsonValueKind.Object
        && container.TryGetProperty("restartPolicy", out var policy)
        && policy.ValueKind == JsonValueKind.String
        && policy.ValueEquals("Always");

    internal static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
