using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Engine.Json;

namespace Guardrails.Engine.Templates;

/// <summary>One <c>{{...}}</c> reference: a dotted path into the target or the object, or a request fact.</summary>
internal sealed partial class Placeholder
{
    private const string AutoscalerName = "autoscaler.name";
    private const string AutoscalerMinReplicas = "autoscaler.minReplicas";
    private readonly string? _fact;
    private readonly bool _fromObject;
    // The path's names in UTF-8, encoded once: a lookup by text would encode the name at each use.
    private readonly byte[][] _path;

    private Placeholder(string? fact, bool fromObject, string[] path)
    {
        _fact = fact;
        _fromObject = fromObject;
        _path = [.. path.Select(System.Text.Encoding.UTF8.GetBytes)];
    }

    public static Placeholder? Parse(string expression)
    {
        if (!DottedPath().IsMatch(expression))
        {
            return null;
        }

        return expression switch
        {
            "kind" or "namespace" or "containerType" or "pointer" or AutoscalerName or AutoscalerMinReplicas => new Placeholder(expression, false, []),
            _ when expression.StartsWith("object.", StringComparison.Ordinal) => new Placeholder(null, true, expression["object.".Length..].Split('.')),
            _ => new Placeholder(null, false, expression.Split('.')),
        };
    }

    /// <summary>
    /// For a request fact (<c>kind</c>, <c>namespace</c>, ...): true, with its text (null when the scope has none);
    /// false for a path into the target or the object, which <see cref="Resolve"/> reads.
    /// </summary>
    public bool TryFactText(in TemplateScope scope, out string? text)
    {
        text = _fact switch
        {
            null => null,
            AutoscalerMinReplicas => scope.Autoscaler?.Floor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "kind" => scope.Kind,
            "namespace" => scope.Namespace,
            "containerType" => scope.ContainerType,
            AutoscalerName => scope.Autoscaler?.Name,
            _ => scope.Pointer,
        };
        return _fact is not null;
    }

    public JsonElement? Resolve(in TemplateScope scope)
    {
        if (_fact is AutoscalerMinReplicas)
        {
            // The autoscaler's floor: its minReplicas, or the 1 the API server defaults an absent one to.
            return scope.Autoscaler is { } autoscaler ? JsonValues.Number(autoscaler.Floor) : null;
        }

        if (TryFactText(scope, out var text))
        {
            return text is null ? null : JsonValues.String(text);
        }

        var current = _fromObject ? scope.Object : scope.Target;
        foreach (var token in _path.AsSpan())
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(token, out current))
            {
                return null;
            }
        }

        return current;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedPath();
}
