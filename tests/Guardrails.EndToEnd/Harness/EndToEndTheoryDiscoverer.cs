using Xunit.Abstractions;
using Xunit.Sdk;

namespace Guardrails.EndToEnd.Harness;

/// <summary>Discovers <see cref="EndToEndTheoryAttribute"/> theories only when the suite can run.</summary>
public sealed class EndToEndTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ClusterAssets.SkipReason is null ? base.Discover(discoveryOptions, testMethod, theoryAttribute) : [];
}
