using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// The autoscalers of one evaluation: the host's facts, and, found once and shared by every rule with <c>scaledBy</c>,
/// the one that scales the object and the object as it keeps it.
/// </summary>
/// <param name="autoscalers">The facts; null when the host does not know them.</param>
/// <param name="metadata">The object's metadata, whose <c>name</c> an autoscaler names (<c>generateName</c> is no name yet); read only when a rule asks.</param>
internal sealed class AutoscalerContext(IReadOnlyList<Autoscaler>? autoscalers, JsonElement metadata)
{
    private bool _searched;
    private Autoscaler? _found;
    private List<(ScaledBy ScaledBy, JsonElement View)>? _views;

    /// <summary>True when the host does not know the autoscalers.</summary>
    public bool Unknown => autoscalers is null;

    /// <summary>The autoscaler that scales the object, if any.</summary>
    public Autoscaler? Find(string namespaceName, JsonElement root, string kind)
    {
        if (!_searched)
        {
            _searched = true;
            _found = autoscalers is { Count: > 0 } known
                && metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && name.GetString() is { Length: > 0 } objectName
                ? ScaledBy.For(known, namespaceName, root, kind, objectName)
                : null;
        }

        return _found;
    }

    /// <summary>The target with the replica count of <paramref name="scaledBy"/> set to the autoscaler's floor, built once per evaluation.</summary>
    public JsonElement View(ScaledBy scaledBy, JsonElement target, Autoscaler autoscaler)
    {
        _views ??= [];
        foreach (var (known, view) in _views)
        {
            if (known.Pointer == scaledBy.Pointer)
            {
                return view;
            }
        }

        var built = scaledBy.View(target, autoscaler);
        _views.Add((scaledBy, built));
        return built;
    }
}
