namespace Guardrails.Yaml;

// A light, alias-sharing tree: aliases point at the anchored node instead of copying it,
// so a "billion laughs" document stays small until the bounded JSON emission expands it.
internal abstract class YamlNode(SourcePosition start)
{
    public SourcePosition Start { get; } = start;
}
