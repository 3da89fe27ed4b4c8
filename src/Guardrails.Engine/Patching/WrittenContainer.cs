using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>
/// The objects of a container that <see cref="ApiServerRules"/> reads in place (<c>securityContext</c>,
/// <c>resources.requests</c>, <c>resources.limits</c>), looked up once, with writes of single values into them (set in
/// order), read as the node tree <c>JsonNodes.From</c> then <c>JsonNodes.Set</c> would give them: a repeated member
/// keeps its last value and its first place, a null member counts as absent, a write creates the objects above it
/// that are absent and sets nothing below a member that is not an object.
/// </summary>
internal readonly struct WrittenContainer
{
    private readonly JsonElement? _securityContext;
    private readonly JsonElement? _requests;
    private readonly JsonElement? _limits;
    private readonly Shape _securityContextShape;
    private readonly Shape _requestsShape;
    private readonly Shape _limitsShape;

    public WrittenContainer(JsonElement container)
    {
        (_securityContextShape, _securityContext) = Child(Shape.Object, container, "securityContext");
        var (resourcesShape, resources) = Child(Shape.Object, container, "resources");
        (_requestsShape, _requests) = Child(resourcesShape, resources, "requests");
        (_limitsShape, _limits) = Child(resourcesShape, resources, "limits");
    }

    // What a member is as it came: absent (an object once a write goes below it), an object, or something else.
    private enum Shape
    {
        Absent,
        Object,
        Other,
    }

    /// <summary>The member <paramref name="name"/> of <c>securityContext</c> once <paramref name="writes"/> are made; null when absent, null or not in an object.</summary>
    public JsonElement? SecurityContext(List<ContainerWrite> writes, string name) =>
        Member(_securityContextShape, _securityContext, writes, "securityContext", null, name);

    /// <summary>True when <c>resources.requests</c> and <c>resources.limits</c> are both objects once <paramref name="writes"/> are made.</summary>
    public bool HasRequestsAndLimits(List<ContainerWrite> writes) =>
        IsObject(_requestsShape, writes, "resources", "requests") && IsObject(_limitsShape, writes, "resources", "limits");

    /// <summary>The member <paramref name="name"/> of <c>resources.requests</c> once <paramref name="writes"/> are made.</summary>
    public JsonElement? Request(List<ContainerWrite> writes, string name) =>
        Member(_requestsShape, _requests, writes, "resources", "requests", name);

    /// <summary>The member <paramref name="name"/> of <c>resources.limits</c> once <paramref name="writes"/> are made.</summary>
    public JsonElement? Limit(List<ContainerWrite> writes, string name) =>
        Member(_limitsShape, _limits, writes, "resources", "limits", name);

    /// <summary>The names in <c>resources.requests</c> once <paramref name="writes"/> are made, in the tree's order.</summary>
    public List<string> RequestNames(List<ContainerWrite> writes)
    {
        var names = new List<string>();
        if (_requests is { } requests)
        {
            foreach (var member in requests.EnumerateObject())
            {
                if (!names.Contains(member.Name, StringComparer.Ordinal))
                {
                    names.Add(member.Name);
                }
            }
        }

        foreach (var write in writes)
        {
            if (write.Tokens is ["resources", "requests", var name] && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static (Shape Shape, JsonElement? Found) Child(Shape parentShape, JsonElement? parent, string name)
    {
        if (parentShape != Shape.Object || parent is not { } members)
        {
            // Below an absent object only writes make members; below something else nothing does.
            return (parentShape == Shape.Absent ? Shape.Absent : Shape.Other, null);
        }

        return !members.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? (Shape.Absent, null)
            : value.ValueKind == JsonValueKind.Object ? (Shape.Object, value)
            : (Shape.Other, null);
    }

    private static bool IsObject(Shape shape, List<ContainerWrite> writes, string first, string? second) => shape switch
    {
        Shape.Object => true,
        // Every write sets a value below the objects read here, and creates the absent objects above it.
        Shape.Absent => Below(writes, first, second),
        _ => false,
    };

    private static JsonElement? Member(Shape shape, JsonElement? found, List<ContainerWrite> writes, string first, string? second, string name)
    {
        if (!IsObject(shape, writes, first, second))
        {
            return null;
        }

        for (var i = writes.Count - 1; i >= 0; i--)
        {
            if (Sets(writes[i].Tokens, first, second, name))
            {
                return writes[i].Value.ValueKind == JsonValueKind.Null ? null : writes[i].Value;
            }
        }

        return found is { } members && members.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static bool Sets(string[] tokens, string first, string? second, string name) => second is null
        ? tokens is [var a, var b] && a == first && b == name
        : tokens is [var c, var d, var e] && c == first && d == second && e == name;

    private static bool Below(List<ContainerWrite> writes, string first, string? second)
    {
        foreach (var write in writes)
        {
            if (second is null
                ? write.Tokens.Length > 1 && write.Tokens[0] == first
                : write.Tokens.Length > 2 && write.Tokens[0] == first && write.Tokens[1] == second)
            {
                return true;
            }
        }

        return false;
    }
}
