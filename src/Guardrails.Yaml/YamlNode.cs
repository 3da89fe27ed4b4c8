using YamlDotNet.Core;

namespace Guardrails.Yaml;

// A light, alias-sharing tree: aliases point at the anchored node instead of copying it,
// so a "billion laughs" document stays small until the bounded JSON emission expands it.
internal abstract class YamlNode(SourcePosition start)
{
    public SourcePosition Start { get; } = start;
}

internal sealed class YamlScalar(SourcePosition start, string value, ScalarStyle style, string? tag) : YamlNode(start)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;
    public string? Tag { get; } = tag;
    public bool IsPlain => Style == ScalarStyle.Plain && Tag is null;
}

internal sealed class YamlSequence(SourcePosition start) : YamlNode(start)
{
    public List<YamlNode> Items { get; } = [];
}

internal sealed class YamlMapping(SourcePosition start) : YamlNode(start)
{
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];
}
