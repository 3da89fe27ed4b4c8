using System.Text;
using System.Text.Json.Nodes;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Testing;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>What the cluster relies on, through the real server over TLS with the API server's own reviews.</summary>
public sealed class AdmissionBehaviourTests(WebhookFixture server) : IClassFixture<WebhookFixture>
{
    [Theory]
    [InlineData("validate-create-deployment-ledger.json", false)]
    [InlineData("validate-create-pod-legacy-worker.json", false)]
    [InlineData("validate-create-daemonset-node-agent.json", false)]
    [InlineData("validate-create-cronjob-nightly-report.json", false)]
    [InlineData("validate-create-replicaset-bypass-attempt.json", false)]
    [InlineData("validate-create-replicationcontroller-old-rc.json", false)]
    [InlineData("validate-create-statefulset-cache.json", false)]
    [InlineData("validate-create-deployment-checkout.json", true)]
    [InlineData("validate-create-job-backfill.json", true)]
    [InlineData("validate-create-namespace-team-a-staging.json", true)]
    [InlineData("validate-v1beta1-create-configmap-app-config.json", true)]
    public async Task Violating_objects_are_denied_and_compliant_ones_admitted(string fixture, bool allowed)
    {
        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, fixture);

        status.Should().Be(200, text);
        body!["response"]!["allowed"]!.GetValue<bool>().Should().Be(allowed);
        if (!allowed)
        {
            body["response"]!["status"]!["code"]!.GetValue<int>().Should().Be(403);
            body["response"]!["status"]!["message"]!.GetValue<string>().Should().StartWith("guardrails denied ");
        }
    }

    [Fact]
    public async Task The_answer_echoes_the_uid_and_the_request_api_version()
    {
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-v1beta1-create-configmap-app-config.json")))!;

        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-v1beta1-create-configmap-app-config.json");

        body!["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1beta1");
        body["kind"]!.GetValue<string>().Should().Be("AdmissionReview");
        body["response"]!["uid"]!.GetValue<string>().Should().Be(request["request"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_denial_names_each_rule_the_container_and_the_fix()
    {
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-ledger.json");

        var message = body!["response"]!["status"]!["message"]!.GetValue<string>();
        message.Should().StartWith("guardrails denied Deployment payments-prod/ledger: [health-probes/readiness-probe] container ledger of Deployment ledger declares no readiness probe (fix: Add a readinessProbe");
        message.Should().Contain("; [resource-requests-limits/cpu-limit] container ledger sets no CPU limit (fix: Set resources.limits.cpu")
            .And.Contain("[replica-minimum/min-replicas] Deployment ledger in production namespace payments-prod must run at least 2 replicas");
    }

    [Fact]
    public async Task Warnings_stay_within_the_api_server_limits()
    {
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-job-backfill.json");

        var warnings = body!["response"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        warnings.Should().Equal(
            "[no-privilege-escalation] container backfill does not set allowPrivilegeEscalation: false",
            "[run-as-non-root] Job backfill may run a container as root: see /spec/template/spec/securityContext/runAsNonRoot");
        warnings.Should().OnlyContain(w => w.Length <= 120);
    }

    [Theory]
    [InlineData("validate-delete-deployment-ledger.json")]
    [InlineData("validate-delete-pod-legacy-worker.json")]
    [InlineData("mutate-delete-daemonset-node-agent.json")]
    public async Task Delete_is_allowed_without_findings(string fixture)
    {
        var (status, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, fixture);

        status.Should().Be(200);
        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
        body["response"]!.AsObject().Select(p => p.Key).Should().Equal("uid", "allowed");
    }

    [Fact]
    public async Task A_dry_run_is_judged_exactly_like_the_real_request()
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-ledger-dry-dryrun.json")))!;
        review["request"]!["dryRun"]!.GetValue<bool>().Should().BeTrue();
        var (_, dry, _) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(review.ToJsonString()));
        review["request"]!["dryRun"] = false;
        var (_, real, _) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(review.ToJsonString()));

        dry!["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        dry.ToJsonString().Should().Be(real!.ToJsonString());
    }

    [Fact]
    public async Task Scaling_below_the_production_minimum_is_denied()
    {
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-update-scale-checkout-scale.json");
        var (_, mutate, _) = await AdmissionClient.PostFixtureAsync(server.Client, "mutate-update-scale-checkout-scale.json");

        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        body["response"]!["status"]!["message"]!.GetValue<string>().Should()
            .StartWith("guardrails denied deployments scale payments-prod/checkout: [replica-minimum/min-replicas] Deployment checkout in production namespace payments-prod must run at least 2 replicas");
        mutate!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
        mutate["response"]!["patch"].Should().BeNull("a scale request is denied, never rewritten behind an autoscaler");
    }

    [Fact]
    public async Task A_debug_container_is_checked_by_the_ephemeral_container_rules()
    {
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-update-pod-ssa-pod-ephemeralcontainers.json");

        var response = body!["response"]!;
        response["allowed"]!.GetValue<bool>().Should().BeTrue("busybox:1.36 is pinned and not privileged");
        response["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal(
            "[no-privilege-escalation] ephemeralContainer debugger does not set allowPrivilegeEscalation: false");
    }

    [Fact]
    public async Task A_privileged_debug_container_is_denied_and_only_it_is_judged()
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-update-pod-ssa-pod-ephemeralcontainers.json")))!;
        var debugger = review["request"]!["object"]!["spec"]!["ephemeralContainers"]![0]!;
        debugger["image"] = "busybox:latest";
        debugger["securityContext"] = new JsonObject { ["privileged"] = true };

        var (_, body, _) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(review.ToJsonString()));

        var message = body!["response"]!["status"]!["message"]!.GetValue<string>();
        message.Should().StartWith("guardrails denied Pod payments-prod/ssa-pod (ephemeralcontainers): [image-tag/pinned-tag] ephemeralContainer debugger uses image busybox:latest")
            .And.Contain("[no-privileged/no-privileged] ephemeralContainer debugger runs privileged")
            .And.NotContain("container c ");
    }

    [Theory]
    [InlineData("mutate-create-deployment-ledger.json")]
    [InlineData("mutate-create-pod-legacy-worker.json")]
    [InlineData("mutate-create-daemonset-node-agent.json")]
    [InlineData("mutate-create-cronjob-nightly-report.json")]
    [InlineData("mutate-create-replicaset-bypass-attempt.json")]
    [InlineData("mutate-create-replicationcontroller-old-rc.json")]
    [InlineData("mutate-create-statefulset-cache.json")]
    [InlineData("mutate-create-job-backfill.json")]
    public async Task The_mutation_patch_fixes_what_it_can_and_is_idempotent(string fixture)
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, fixture)))!;
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, fixture);
        var patch = AdmissionClient.DecodedPatch(body);
        body!["response"]!["patchType"]!.GetValue<string>().Should().Be("JSONPatch");
        patch.Should().NotBeNull();

        var patched = JsonPatch.Apply(review["request"]!["object"]!, patch!);
        var engine = new PolicyEngine(PolicySelection.Load([], null).Policies!);
        var policies = engine.Policies;
        var after = engine.Evaluate(new EvaluationRequest
        {
            Object = System.Text.Json.JsonSerializer.SerializeToElement(patched, JsonPatchJsonContext.Default.JsonNode),
            Namespace = review["request"]!["namespace"]!.GetValue<string>(),
            NamespaceLabels = WebhookFixture.CapturedNamespaceLabels[review["request"]!["namespace"]!.GetValue<string>()],
        });
        after.Violations.Where(v => policies.Find(v.PolicyId)!.Rules.Single(r => r.Id == v.RuleId).CanMutate && v.FixWithheld is null)
            .Should().BeEmpty("every violation of a rule with a mutation is fixed by the patch, unless its fix is withheld (a written value, an object the API server would refuse)");

        // Every field the patch sets is announced: one warning each, and an audit annotation per rule.
        var warnings = body["response"]!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        var annotations = body["response"]!["auditAnnotations"]!.AsObject();
        foreach (var operation in patch!.AsArray())
        {
            var path = operation!["path"]!.GetValue<string>();
            annotations.Select(a => a.Value!.GetValue<string>()).Should().Contain(a => a.Contains(path, StringComparison.Ordinal), $"the audit annotations name {path}");
        }

        warnings.Should().HaveCount(annotations.Sum(a => a.Value!.GetValue<string>().Split("; ").Length))
            .And.OnlyContain(w => w.StartsWith('[') && w.Contains("] set ", StringComparison.Ordinal) && w.Contains(" to ", StringComparison.Ordinal));

        review["request"]!["object"] = patched;
        var (_, again, _) = await AdmissionClient.PostAsync(server.Client, "/mutate?timeout=5s", Encoding.UTF8.GetBytes(review.ToJsonString()));
        again!["response"]!["patch"].Should().BeNull("the patched object needs no further patch (reinvocationPolicy: IfNeeded is safe)");
    }

    [Fact]
    public async Task A_compliant_object_gets_no_patch()
    {
        var (_, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "mutate-create-deployment-checkout.json");

        body!["response"]!.AsObject().Select(p => p.Key).Should().Equal("uid", "allowed");
    }
}
