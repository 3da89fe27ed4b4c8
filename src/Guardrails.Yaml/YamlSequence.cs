namespace Guardrails.Yaml;

internal sealed class YamlSequence(SourcePosition start) : YamlNode(start)
{
    public List<YamlNode> Items { get; } = [];
}
