using System.Text.Json;

namespace Guardrails.Webhook.Audit;

/// <summary>The object that controls another (<c>metadata.ownerReferences</c>: the one marked <c>controller</c>, else the first).</summary>
/// <param name="ApiVersion">The owner's apiVersion.</param>
/// <param name="Kind">The owner's kind.</param>
/// <param name="Name">The owner's name.</param>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name)
{
    /// <summary><c>Deployment/web</c>.</summary>
    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>The owner of <paramref name="obj"/>, or null when it has none that names a kind and a name.</summary>
    internal static OwnerReference? Of(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("ownerReferences", out var owners) || owners.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        OwnerReference? first = null;
        foreach (var owner in owners.EnumerateArray())
        {
            if (owner.ValueKind != JsonValueKind.Object || Text(owner, "kind") is not { Length: > 0 } kind || Text(owner, "name") is not { Length: > 0 } name)
            {
                continue;
            }

            var reference = new OwnerReference(Text(owner, "apiVersion") ?? string.Empty, kind, name);
            if (owner.TryGetProperty("controller", out var controller) && controller.ValueKind == JsonValueKind.True)
            {
                return reference;
            }

            first ??= reference;
        }

        return first;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
