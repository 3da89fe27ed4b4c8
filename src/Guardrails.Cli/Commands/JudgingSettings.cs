using Guardrails.Engine.Format;

namespace Guardrails.Cli.Commands;

/// <summary>What <c>check</c> and <c>fix</c> are told to judge, and with what (the values of <see cref="JudgingOptions"/>).</summary>
/// <param name="Paths">Files, folders, and <c>-</c> for standard input.</param>
/// <param name="Policies">Policy folders or files; empty for the built-in pack.</param>
/// <param name="Exemptions">The exemptions file, if any.</param>
/// <param name="Namespace">The namespace of objects that name none.</param>
/// <param name="NamespaceLabels">Each <c>--namespace-labels</c> as written.</param>
/// <param name="StrictNamespaces">Treat namespaces whose labels are not given as matching every selector.</param>
/// <param name="FailOn">The least action that fails the run.</param>
internal sealed record JudgingSettings(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Policies,
    string? Exemptions,
    string Namespace,
    IReadOnlyList<string> NamespaceLabels,
    bool StrictNamespaces,
    PolicyAction FailOn);
