using System.Text.Json;

namespace Guardrails.Yaml;

/// <summary>
/// Reads a lone piece of plain YAML text as kubectl would read it in a manifest (YAML 1.1 rules, as
/// <see cref="YamlDocumentReader"/> resolves plain scalars), for values written inside other strings.
/// </summary>
public static class YamlScalars
{
    /// <summary>
    /// The JSON value of <paramref name="plain"/> read as a plain (unquoted, untagged) YAML scalar:
    /// <c>2</c> becomes the number 2, <c>true</c> a boolean, <c>~</c> null and <c>500m</c> a string. Text with no
    /// JSON form (<c>.inf</c>, <c>.nan</c>) stays a string.
    /// </summary>
    public static JsonElement ResolvePlain(string plain) => YamlScalarResolver.Resolve(plain);
}
