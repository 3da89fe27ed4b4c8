using Xunit.Sdk;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// A test against the real API server. Without the cluster assets it is not discovered at all: the run shows one skipped
/// test instead, <see cref="SuiteTests"/>, named with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Guardrails.EndToEnd.Harness.EndToEndFactDiscoverer", "Guardrails.EndToEnd")]
public sealed class EndToEndFactAttribute : FactAttribute;
