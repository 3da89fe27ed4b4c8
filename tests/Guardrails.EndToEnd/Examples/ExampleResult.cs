using Guardrails.EndToEnd.Checking;

namespace Guardrails.EndToEnd.Examples;

/// <summary>One example file created with kubectl in one webhook mode, what check says of it and of the stored object.</summary>
internal sealed record ExampleResult(string File, ClusterOutcome Outcome, CheckObject Check, CheckObject? Stored);
