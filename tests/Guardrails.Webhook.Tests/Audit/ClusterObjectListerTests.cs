using System.Text;
using System.Text.Json;
using Guardrails.Webhook.Audit;

namespace Guardrails.Webhook.Tests.Audit;

public sealed class ClusterObjectListerTests
{
    [Fact]
    public void A_list_page_gives_its_items_their_kind_and_api_version_and_its_continue_token()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": {"resourceVersion": "7", "continue": "abc"},
             "items": [{"metadata": {"name": "a"}, "spec": {"replicas": 1}}, {"kind": "Wrong", "metadata": {"name": "b"}}, 3]}
            """);

        using var page = ClusterObjectLister.Read(body, AuditResources.Known.Single(r => r.Kind == "Deployment"));

        page.Continue.Should().Be("abc");
        page.Items.Select(i => i.GetRawText()).Should().Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},"spec":{"replicas":1}}""",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"b"}}""");
    }

    [Fact]
    public void The_last_page_has_no_continue_token()
    {
        using var page = ClusterObjectLister.Read("""{"metadata": {"continue": ""}, "items": []}"""u8.ToArray(), AuditResources.Namespaces);
        page.Continue.Should().BeNull();
        page.Items.Should().BeEmpty();
    }

    [Fact]
    public void An_answer_that_is_not_a_list_is_refused()
    {
        var read = () => ClusterObjectLister.Read("[1]"u8.ToArray(), AuditResources.Namespaces);
        read.Should().Throw<JsonException>();
    }

    [Fact]
    public void The_kinds_listed_are_those_the_policies_match_and_unknown_kinds_are_named()
    {
        var (listed, unknown) = AuditResources.For(AuditTestPolicies.Policies);
        listed.Select(r => r.Kind).Should().BeEquivalentTo("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "CronJob", "Job", "Pod", "PodTemplate");
        unknown.Should().BeEmpty();
        listed.Single(r => r.Kind == "Deployment").CollectionPath("web").Should().Be("apis/apps/v1/namespaces/web/deployments");
        listed.Single(r => r.Kind == "Pod").CollectionPath(null).Should().Be("api/v1/pods");
    }
}
