namespace Guardrails.Yaml;

/// <summary>Where a node stands in its document's text: from its first character to just past its last.</summary>
/// <param name="Start">Offset of the node's first character (a quoted scalar's quote, a flow collection's bracket, a block collection's first key or dash).</param>
/// <param name="End">Offset just past the node: a scalar's last character, a flow collection's closing bracket; for a block collection, where the next token begins.</param>
/// <param name="Flow">True for a flow collection (<c>{...}</c>, <c>[...]</c>).</param>
internal readonly record struct NodeSpan(int Start, int End, bool Flow = false);
