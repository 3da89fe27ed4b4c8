using YamlDotNet.Core;

namespace Guardrails.Yaml.Layout;

/// <summary>
/// A node of one YAML document as it is laid out in its file: where it starts and ends (character offsets in the whole
/// file's text), its style and anchor. An editor finds from these where new text goes (<c>guardrails fix</c> inserts fields).
/// </summary>
/// <param name="Start">Offset of the node's first character (its anchor or tag when it has one, for scalars the text).</param>
/// <param name="End">Offset just past the node: a scalar's last character, a flow collection's closing bracket; for a block collection, where the next token begins.</param>
/// <param name="Anchor">The node's anchor, or empty.</param>
public abstract record LayoutNode(int Start, int End, string Anchor);

/// <summary>A scalar and how it is written.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Value">Its text after unquoting.</param>
/// <param name="Style">Plain, quoted or block.</param>
/// <param name="Tagged">True when it carries an explicit tag.</param>
public sealed record LayoutScalar(int Start, int End, string Anchor, string Value, ScalarStyle Style, bool Tagged) : LayoutNode(Start, End, Anchor);

/// <summary>A mapping and its entries in source order.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Flow">True for <c>{...}</c>.</param>
/// <param name="Entries">Each key and value.</param>
public sealed record LayoutMapping(int Start, int End, string Anchor, bool Flow, IReadOnlyList<(LayoutNode Key, LayoutNode Value)> Entries) : LayoutNode(Start, End, Anchor);

/// <summary>A sequence and its items.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
/// <param name="Anchor">As on <see cref="LayoutNode"/>.</param>
/// <param name="Flow">True for <c>[...]</c>.</param>
/// <param name="Items">The items in order.</param>
public sealed record LayoutSequence(int Start, int End, string Anchor, bool Flow, IReadOnlyList<LayoutNode> Items) : LayoutNode(Start, End, Anchor);

/// <summary>An alias (<c>*name</c>): its content is written elsewhere.</summary>
/// <param name="Start">As on <see cref="LayoutNode"/>.</param>
/// <param name="End">As on <see cref="LayoutNode"/>.</param>
public sealed record LayoutAlias(int Start, int End) : LayoutNode(Start, End, string.Empty);
