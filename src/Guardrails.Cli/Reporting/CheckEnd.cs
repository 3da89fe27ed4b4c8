using Guardrails.Cli.Reading;

namespace Guardrails.Cli.Reporting;

/// <summary>What a check knows once every input is judged.</summary>
/// <param name="Problems">Problems found only at the end: that no input held a Kubernetes object.</param>
/// <param name="Namespaces">The namespace context the objects were judged in.</param>
/// <param name="Summary">The run's counts and exit code.</param>
internal sealed record CheckEnd(IReadOnlyList<InputProblem> Problems, IReadOnlyList<NamespaceContext> Namespaces, CheckSummary Summary);
