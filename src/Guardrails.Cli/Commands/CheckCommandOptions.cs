using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Commands;

/// <summary>The parsed options of <c>guardrails check</c>.</summary>
internal sealed record CheckCommandOptions(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string Namespace,
    IReadOnlyList<string> NamespaceLabels,
    bool StrictNamespaces,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Outputs,
    PolicyAction FailOn);
