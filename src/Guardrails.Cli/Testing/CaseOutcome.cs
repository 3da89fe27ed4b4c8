namespace Guardrails.Cli.Testing;

/// <summary>The verdict on one test case.</summary>
internal sealed record CaseOutcome(string File, string Name, bool Passed, IReadOnlyList<string> Details);
