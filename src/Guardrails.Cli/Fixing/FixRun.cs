using Guardrails.Cli.Reporting;

namespace Guardrails.Cli.Fixing;

/// <summary>Everything a fix run found: each input's fix, in input order, and the namespace context it was judged in.</summary>
/// <param name="Files">Each input's fix.</param>
/// <param name="Namespaces">The namespace context, as <c>guardrails check</c> reports it.</param>
internal sealed record FixRun(IReadOnlyList<FileFix> Files, IReadOnlyList<NamespaceContext> Namespaces);
