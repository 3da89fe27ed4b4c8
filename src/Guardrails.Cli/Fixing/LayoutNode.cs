using YamlDotNet.Core;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// A node of one YAML document as it is laid out in its file: where it starts and ends (character offsets in the whole
/// file's text), its style and anchor. <see cref="YamlTextEditor"/> finds where a new field goes from these.
/// </summary>
/// <param name="Start">Offset of the node's first character (its anchor or tag when it has one, for scalars the text).</param>
/// <param name="End">Offset just past the node: a scalar's last character, a flow collection's closing bracket; for a block collection, where the next token begins.</param>
/// <param name="Anchor">The node's anchor, or empty.</param>
internal abstract record LayoutNode(int Start, int End, string Anchor);

/// <summary>A scalar and how it is written.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Value">Its text after unquoting.</param>
/// <param name="Style">Plain, quoted or block.</param>
/// <param name="Tagged">True when it carries an explicit tag.</param>
internal sealed record LayoutScalar(int Start, int End, string Anchor, string Value, ScalarStyle Style, bool Tagged) : LayoutNode(Start, End, Anchor);

/// <summary>A mapping and its entries in source order.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Flow">True for <c>{...}</c>.</param>
/// <param name="Entries">Each key and value.</param>
internal sealed record LayoutMapping(int Start, int End, string Anchor, bool Flow, IReadOnlyList<(LayoutNode Key, LayoutNode Value)> Entries) : LayoutNode(Start, End, Anchor);

/// <summary>A sequence and its items.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Flow">True for <c>[...]</c>.</param>
/// <param name="Items">The items in order.</param>
internal sealed record LayoutSequence(int Start, int End, string Anchor, bool Flow, IReadOnlyList<LayoutNode> Items) : LayoutNode(Start, End, Anchor);

/// <summary>An alias (<c>*name</c>): its content is written elsewhere.</summary>
internal sealed record LayoutAlias(int Start, int End) : LayoutNode(Start, End, string.Empty);
