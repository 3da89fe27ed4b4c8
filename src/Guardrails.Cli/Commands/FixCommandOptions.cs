using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Commands;

/// <summary>The parsed options of <c>guardrails fix</c>.</summary>
internal sealed record FixCommandOptions(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string Namespace,
    IReadOnlyList<string> NamespaceLabels,
    bool StrictNamespaces,
    PolicyAction FailOn,
    bool Diff,
    bool Check);
