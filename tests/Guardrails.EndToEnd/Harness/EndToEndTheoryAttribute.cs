using Xunit.Sdk;

namespace Guardrails.EndToEnd.Harness;

/// <summary>A theory against the real API server; like <see cref="EndToEndFactAttribute"/>, not discovered without the cluster assets.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Guardrails.EndToEnd.Harness.EndToEndTheoryDiscoverer", "Guardrails.EndToEnd")]
public sealed class EndToEndTheoryAttribute : TheoryAttribute;
