using System.Text;
using System.Text.Json;

namespace Guardrails.Engine.Patching;

/// <summary>A field a mutation fills in: where it lands in the whole object, and the value it gets.</summary>
/// <param name="Pointer">JSON Pointer of the field in the object.</param>
/// <param name="Value">The value set.</param>
/// <param name="Field">The field in the rule's target, as kubectl names fields (<c>resources.requests.cpu</c>, <c>spec.replicas</c>).</param>
/// <param name="Container">For container rules: the container's name.</param>
/// <param name="ContainerType">For container rules: container, initContainer or ephemeralContainer.</param>
public sealed record FieldChange(string Pointer, JsonElement Value, string Field, string? Container = null, string? ContainerType = null)
{
    /// <summary>
    /// True for a field the API server fills with its default before admission (<c>spec.replicas</c>): the mutating
    /// webhook can fill it in only when the object arrives by <c>kubectl apply</c> or server-side apply, whose request
    /// shows that the value was not written; a plain create arrives with the default and is judged by it.
    /// </summary>
    public bool OnlyWhenApplied { get; init; }

    /// <summary>The qualifier reports add to a change that is <see cref="OnlyWhenApplied"/>.</summary>
    public const string OnlyWhenAppliedNote = "only when applied (kubectl apply, server-side apply): a plain create arrives with the API server's default and is judged by it";

    /// <summary><c>set resources.requests.cpu of container app to "100m"</c>: how warnings and reports announce it.</summary>
    public string Describe() => Container is null
        ? $"set {Field} to {Value.GetRawText()}"
        : $"set {Field} of {ContainerType} {Container} to {Value.GetRawText()}";

    /// <summary>
    /// <see cref="Describe"/>, followed for an <see cref="OnlyWhenApplied"/> change by when it is made: how
    /// <c>guardrails check</c> reports a fix of a manifest that may reach the cluster either way.
    /// </summary>
    public string DescribeForManifest() => OnlyWhenApplied ? $"{Describe()}, {OnlyWhenAppliedNote}" : Describe();

    /// <summary>The field of <paramref name="tokens"/> in kubectl's notation: dotted names, <c>[0]</c> for indexes, <c>["a.b/c"]</c> for names with dots or slashes.</summary>
    public static string Dotted(IEnumerable<string> tokens)
    {
        var text = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.Length > 0 && token.All(char.IsAsciiDigit))
            {
                text.Append('[').Append(token).Append(']');
            }
            else if (token.AsSpan().IndexOfAny('.', '/', '[') >= 0 || token.Length == 0)
            {
                text.Append("[\"").Append(token.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
            else
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(token);
            }
        }

        return text.ToString();
    }
}
