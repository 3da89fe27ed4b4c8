using Xunit.Abstractions;
using Xunit.Sdk;

namespace Guardrails.EndToEnd.Harness;

/// <summary>Discovers <see cref="EndToEndFactAttribute"/> tests only when the suite can run.</summary>
public sealed class EndToEndFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ClusterAssets.SkipReason is null ? base.Discover(discoveryOptions, testMethod, factAttribute) : [];
}
