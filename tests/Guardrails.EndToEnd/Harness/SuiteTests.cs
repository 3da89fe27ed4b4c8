namespace Guardrails.EndToEnd.Harness;

/// <summary>The suite's control plane is real and ready.</summary>
[Collection(EndToEndSuite.Name)]
public sealed class SuiteTests(TestCluster cluster)
{
    [SuiteFact]
    public async Task The_suite_runs_against_a_real_kube_apiserver()
    {
        cluster.ApiServerVersion.Should().StartWith("v1.");
        (await cluster.Api.ReadyAsync()).Should().BeTrue();
        var namespaces = await cluster.Api.GetAsync("/api/v1/namespaces/kube-system");
        namespaces.Status.Should().Be(200, namespaces.Describe());
    }
}
