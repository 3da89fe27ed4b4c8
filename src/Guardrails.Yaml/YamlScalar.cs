using YamlDotNet.Core;

namespace Guardrails.Yaml;

internal sealed class YamlScalar(SourcePosition start, string value, ScalarStyle style, string? tag) : YamlNode(start)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;
    public string? Tag { get; } = tag;
    public bool IsPlain => Style == ScalarStyle.Plain && Tag is null;
}
