using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Paths;

/// <summary>
/// The replica minimum in a production namespace, every way a user can write replicas. A value of 1 the user writes is
/// denied with the replica message, on create, update, merge and JSON patch and the scale subresource; only an absent
/// replicas (which the API server defaults to 1 before any webhook) is set to 2 by the mutating webhook, and announced,
/// when the request shows it was not written (an apply); a plain create is denied.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class ReplicaTests(TestCluster cluster)
{
    private const string Tag = "replica-minimum/min-replicas";

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task A_written_replicas_of_one_is_denied_on_create(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("replicas", (await cluster.SharedAsync()).For(mode), Manifests.Production);

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "one", replicas: 1));

        created.ShouldBeDeniedBy(Tag);
        created.ErrorLines.Should().Contain($"Deployment one in production namespace {ns} must run at least 2 replicas");
    }

    [EndToEndTheory]
    [InlineData(WebhookMode.Both)]
    [InlineData(WebhookMode.ValidatingOnly)]
    public async Task Lowering_replicas_to_one_is_denied_whichever_way_it_is_written(WebhookMode mode)
    {
        var ns = await cluster.CreateNamespaceAsync("replicas", (await cluster.SharedAsync()).For(mode), Manifests.Production);
        (await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "web", replicas: 3))).ShouldSucceed();
        var lowered = Manifests.Deployment(ns, "web", replicas: 1);

        (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], lowered)).ShouldBeDeniedBy(Tag);
        (await cluster.Kubectl.RunAsync(["replace", "-f", "-"], lowered)).ShouldBeDeniedBy(Tag);
        (await cluster.Kubectl.RunAsync("-n", ns, "patch", "deployment", "web", "--type=merge", "-p", """{"spec":{"replicas":1}}""")).ShouldBeDeniedBy(Tag);
        (await cluster.Kubectl.RunAsync("-n", ns, "patch", "deployment", "web", "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":1}]""")).ShouldBeDeniedBy(Tag);
        (await cluster.Kubectl.RunAsync("-n", ns, "scale", "deployment", "web", "--replicas=1")).ShouldBeDeniedBy(Tag);

        var stored = await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}");
        stored.Output.Should().Be("3", "every attempt was refused: " + stored.Describe());
    }

    [EndToEndTheory]
    [InlineData("apply")]
    [InlineData("apply --server-side")]
    public async Task An_absent_replicas_is_set_to_two_by_the_mutating_webhook_and_announced_when_applied(string apply)
    {
        var ns = await cluster.CreateNamespaceAsync("replicas", (await cluster.SharedAsync()).Both, Manifests.Production);

        var created = await cluster.Kubectl.RunAsync([.. apply.Split(' '), "-f", "-"], Manifests.Deployment(ns, "defaulted", replicas: null));

        created.ShouldSucceed();
        created.ShouldAnnounce(Tag, "spec.replicas", "2");
        (await cluster.Kubectl.RunAsync("-n", ns, "get", "deployment", "defaulted", "-o", "jsonpath={.spec.replicas}")).Output.Should().Be("2");
    }

    [EndToEndFact]
    public async Task An_absent_replicas_under_a_plain_create_is_denied_with_how_to_get_it_filled_in()
    {
        // kubectl create sends the manifest as it is; the API server defaults replicas to 1 before the webhooks, and
        // nothing in the request shows that the 1 was not written, so it is never rewritten.
        var ns = await cluster.CreateNamespaceAsync("replicas", (await cluster.SharedAsync()).Both, Manifests.Production);

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "defaulted", replicas: null));

        created.ShouldBeDeniedBy(Tag);
        created.ErrorLines.Should().Contain("a create that is not an apply cannot show that the API server defaulted it: apply the manifest, or write the value you need");
    }

    [EndToEndFact]
    public async Task An_absent_replicas_is_denied_by_the_validating_webhook_alone()
    {
        var ns = await cluster.CreateNamespaceAsync("replicas", (await cluster.SharedAsync()).ValidatingOnly, Manifests.Production);

        var created = await cluster.Kubectl.RunAsync(["create", "-f", "-"], Manifests.Deployment(ns, "defaulted", replicas: null));

        created.ShouldBeDeniedBy(Tag);
    }
}
