using Guardrails.Engine.Format;

namespace Guardrails.Cli.Checking;

/// <summary>What to check and in which context; the policies are the runner's.</summary>
/// <param name="Paths">Files, folders, and <c>-</c> for standard input.</param>
/// <param name="DefaultNamespace">The namespace of namespaced objects that name none (kubectl's <c>--namespace</c>).</param>
/// <param name="NamespaceLabels">Labels from <c>--namespace-labels</c>, by namespace.</param>
/// <param name="StrictNamespaces">Treat namespaces without known labels as matching every selector.</param>
/// <param name="FailOn">The least action that fails the run.</param>
internal sealed record CheckRequest(
    IReadOnlyList<string> Paths,
    string DefaultNamespace,
    IReadOnlyDictionary<string, Dictionary<string, string>> NamespaceLabels,
    bool StrictNamespaces,
    PolicyAction FailOn);
