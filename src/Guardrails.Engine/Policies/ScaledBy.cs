using System.Buffers;
using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Format;
using Guardrails.Engine.Json;
using Guardrails.Engine.Templates;
using Guardrails.Schema;

namespace Guardrails.Engine.Policies;

/// <summary>
/// A rule's <c>scaledBy</c>, compiled: the replica count a HorizontalPodAutoscaler keeps for the object it scales. For
/// such an object the rule judges the autoscaler's <c>minReplicas</c> in place of the object's own count, reports with
/// its own message, and never fixes the field (a mutation that wrote it would fight the autoscaler).
/// </summary>
internal sealed class ScaledBy
{
    private readonly string _relative;

    private ScaledBy(string pointer, MessageTemplate message, string? remediation)
    {
        Pointer = pointer;
        _relative = pointer[1..];
        Message = message;
        Remediation = remediation;
    }

    /// <summary>The replica count in the target (<c>/spec/replicas</c>).</summary>
    public string Pointer { get; }

    /// <summary>The message of a violation judged on an autoscaler.</summary>
    public MessageTemplate Message { get; }

    /// <summary>The remediation of such a violation; the rule's when null.</summary>
    public string? Remediation { get; }

    public static ScaledBy? TryCompile(ScaledBySpec spec, out string? error, out string errorField)
    {
        error = null;
        errorField = "replicas";
        if (!JsonPointer.TryParse(spec.Replicas, out var tokens) || tokens.Length == 0)
        {
            error = $"replicas '{spec.Replicas}' is not a JSON Pointer below the target (it must start with '/', and '~' must be written '~0' or '~1')";
            return null;
        }

        errorField = "message";
        if (!MessageTemplate.TryParse(spec.Message, out var message, out var messageError))
        {
            error = $"message: {messageError}";
            return null;
        }

        return new ScaledBy(spec.Replicas, message!, spec.Remediation);
    }

    /// <summary>
    /// The autoscaler among <paramref name="autoscalers"/> that scales <paramref name="root"/>; when several do (the
    /// controller then refuses to act on either), the one with the fewest replicas, so the verdict is the strictest.
    /// </summary>
    public static Autoscaler? For(IReadOnlyList<Autoscaler> autoscalers, string namespaceName, JsonElement root, string kind, string name)
    {
        var apiVersion = root.TryGetProperty("apiVersion", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString()! : string.Empty;
        Autoscaler? found = null;
        foreach (var autoscaler in autoscalers)
        {
            if (autoscaler.Scales(namespaceName, apiVersion, kind, name)
                && (found is null || autoscaler.Floor < found.Floor || (autoscaler.Floor == found.Floor && string.CompareOrdinal(autoscaler.Name, found.Name) < 0)))
            {
                found = autoscaler;
            }
        }

        return found;
    }

    /// <summary>The target as the autoscaler keeps it: the replica count replaced by the autoscaler's floor.</summary>
    public JsonElement View(JsonElement target, Autoscaler autoscaler)
    {
        var node = JsonNodes.From(target);
        JsonNodes.Set(node, _relative, JsonValues.Number(autoscaler.Floor));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Why the rule's mutation leaves the field alone.</summary>
    public string Withheld(Autoscaler autoscaler) =>
        $"{Pointer} is set by {Autoscaler.Kind} {autoscaler.Name}, and a mutation never fights an autoscaler: raise its minReplicas";
}
