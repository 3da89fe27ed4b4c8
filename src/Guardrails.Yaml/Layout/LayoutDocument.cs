namespace Guardrails.Yaml.Layout;

/// <summary>One document of a file as laid out: its root and the anchors that aliases elsewhere in it refer to.</summary>
/// <param name="Root">The root node; null for an empty document.</param>
/// <param name="AliasedAnchors">Anchors some alias refers to: a node with one of them is shared, and editing it would change every alias.</param>
public sealed record LayoutDocument(LayoutNode? Root, IReadOnlySet<string> AliasedAnchors);
