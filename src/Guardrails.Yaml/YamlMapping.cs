namespace Guardrails.Yaml;

internal sealed class YamlMapping(SourcePosition start) : YamlNode(start)
{
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];
}
