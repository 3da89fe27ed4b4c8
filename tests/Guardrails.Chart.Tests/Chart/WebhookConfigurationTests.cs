using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Helm;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>The validating and mutating webhook configurations: what they match, what they never touch, and how they fail.</summary>
public sealed class WebhookConfigurationTests
{
    private const string Namespace = TestChart.Namespace;

    private static readonly string[] CreateAndUpdate = ["CREATE", "UPDATE"];

    private static readonly string[] UpdateOnly = ["UPDATE"];

    private static readonly string[] PodKinds = ["pods", "replicationcontrollers", "podtemplates", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs"];

    private static readonly string[] Subresources = ["deployments/scale", "replicasets/scale", "statefulsets/scale", "replicationcontrollers/scale", "pods/ephemeralcontainers"];

    private static readonly string[] AutoscalerVersions = ["v1", "v2"];

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void Both_webhooks_never_judge_the_fixed_namespaces(string scenario)
    {
        var chart = TestChart.Render(Scenarios.Named(scenario).Request);

        Webhooks(chart).Should().HaveCount(Scenarios.Named(scenario).Mutating ? 2 : 1);
        foreach (var webhook in Webhooks(chart))
        {
            var expressions = webhook["namespaceSelector"]!["matchExpressions"]!.AsArray();
            var byName = expressions.Single(e => (string?)e!["key"] == "kubernetes.io/metadata.name")!;
            ((string?)byName["operator"]).Should().Be("NotIn");
            Strings(byName["values"]).Should().Contain(["kube-system", "kube-node-lease", Namespace]);
            var ignore = expressions.Single(e => (string?)e!["key"] == "guardrails.dev/ignore")!;
            ((string?)ignore["operator"]).Should().Be("NotIn");
            Strings(ignore["values"]).Should().Equal("true");
            webhook["namespaceSelector"]!.AsObject().Select(p => p.Key).Should().Equal(["matchExpressions"], "matchLabels would narrow the webhook to labelled namespaces");
        }
    }

    [Fact]
    public void Extra_excluded_namespaces_are_added_to_the_fixed_ones_never_instead()
    {
        var chart = TestChart.Render("webhook: {excludedNamespaces: [legacy, kube-system]}");

        foreach (var webhook in Webhooks(chart))
        {
            var byName = webhook["namespaceSelector"]!["matchExpressions"]!.AsArray().Single(e => (string?)e!["key"] == "kubernetes.io/metadata.name")!;
            Strings(byName["values"]).Should().Equal(["kube-system", "kube-node-lease", Namespace, "legacy"], "duplicates are dropped, order kept");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void Webhook_settings_follow_the_api_server_contract(string scenario)
    {
        var chart = TestChart.Render(Scenarios.Named(scenario).Request);

        Webhooks(chart).Should().HaveCount(Scenarios.Named(scenario).Mutating ? 2 : 1);
        foreach (var webhook in Webhooks(chart))
        {
            ((string?)webhook["sideEffects"]).Should().Be("None");
            Strings(webhook["admissionReviewVersions"]).Should().Equal("v1");
            ((long?)webhook["timeoutSeconds"]).Should().Be(5);
            ((string?)webhook["matchPolicy"]).Should().Be("Equivalent");
        }

        var validating = Webhook(chart, "ValidatingWebhookConfiguration");
        ((string?)validating["name"]).Should().Be("validate.guardrails.dev");
        ((string?)validating["failurePolicy"]).Should().Be("Fail");
        validating.ContainsKey("reinvocationPolicy").Should().BeFalse();
        if (!Scenarios.Named(scenario).Mutating)
        {
            chart.OfKind("MutatingWebhookConfiguration").Should().BeEmpty();
            return;
        }

        var mutating = Webhook(chart, "MutatingWebhookConfiguration");
        ((string?)mutating["name"]).Should().Be("mutate.guardrails.dev");
        ((string?)mutating["failurePolicy"]).Should().Be("Ignore");
        ((string?)mutating["reinvocationPolicy"]).Should().Be("IfNeeded");
    }

    [Fact]
    public void Failure_policies_and_the_timeout_are_values()
    {
        var chart = TestChart.Render("webhook: {timeoutSeconds: 10, validating: {failurePolicy: Ignore}, mutating: {failurePolicy: Fail}}");

        ((string?)Webhook(chart, "ValidatingWebhookConfiguration")["failurePolicy"]).Should().Be("Ignore");
        ((string?)Webhook(chart, "MutatingWebhookConfiguration")["failurePolicy"]).Should().Be("Fail");
        Webhooks(chart).Should().OnlyContain(w => (long?)w["timeoutSeconds"] == 10);
    }

    [Fact]
    public void The_mutating_webhook_is_called_only_for_objects_a_fix_of_the_built_in_pack_could_change()
    {
        var condition = Webhook(TestChart.Render(), "MutatingWebhookConfiguration")["matchConditions"]!.AsArray().Should().ContainSingle().Subject!;

        ((string?)condition["name"]).Should().Be("may-need-a-fix");
        ((string?)condition["expression"]).Should().Be(File.ReadAllText(Path.Combine(RepoPaths.Chart, "files", "mutating-match-condition.cel")).Trim());
        Webhook(TestChart.Render(), "ValidatingWebhookConfiguration").ContainsKey("matchConditions").Should().BeFalse("the validating webhook judges every write");
    }

    [Theory]
    [InlineData("webhook: {mutating: {onlyWhenFixable: false}}")]
    [InlineData("policies: {extra: {team.yaml: 'kind: Policy'}}")]
    [InlineData("policies: {builtIn: false, extra: {team.yaml: 'kind: Policy'}}")]
    public void The_mutating_webhook_is_called_for_every_write_when_the_chart_cannot_know_what_the_fixes_fill_in(string values)
    {
        Webhook(TestChart.Render(values), "MutatingWebhookConfiguration").ContainsKey("matchConditions").Should().BeFalse();
    }

    [Fact]
    public void The_mutating_webhook_can_be_left_out()
    {
        var chart = TestChart.Render("webhook: {mutating: {enabled: false}}");

        chart.OfKind("MutatingWebhookConfiguration").Should().BeEmpty();
        chart.OfKind("ValidatingWebhookConfiguration").Should().ContainSingle();
    }

    [Fact]
    public void The_validating_webhook_judges_every_pod_bearing_kind_and_the_subresources_that_change_what_runs()
    {
        var rules = Rules(Webhook(TestChart.Render(), "ValidatingWebhookConfiguration"));

        foreach (var kind in PodKinds)
        {
            rules.Should().Contain(r => r.Resource == kind && r.Operations.SetEquals(CreateAndUpdate), $"{kind} carry a pod spec");
        }

        foreach (var subresource in Subresources)
        {
            rules.Should().Contain(r => r.Resource == subresource && r.Operations.SetEquals(UpdateOnly), $"{subresource} changes what runs");
        }

        rules.Should().OnlyContain(r => r.Scope == "Namespaced");
        var workloads = rules.Where(r => r.Resource != "horizontalpodautoscalers").ToList();
        workloads.Should().OnlyContain(r => r.Versions.SequenceEqual(new[] { "v1" }));
        workloads.Should().OnlyContain(r => r.Group == (r.Resource.StartsWith("jobs", StringComparison.Ordinal) || r.Resource.StartsWith("cronjobs", StringComparison.Ordinal) ? "batch"
            : r.Resource.StartsWith("pods", StringComparison.Ordinal) || r.Resource.StartsWith("replicationcontrollers", StringComparison.Ordinal) || r.Resource == "podtemplates" ? "" : "apps"));
    }

    [Fact]
    public void Both_webhooks_judge_HorizontalPodAutoscalers_of_both_served_versions_on_create_and_update()
    {
        // An autoscaler's minReplicas is the replica minimum of the workload it scales: the validating webhook denies one
        // below it, and the mutating webhook fills in one left out (the API server would default it to 1).
        var chart = TestChart.Render();

        foreach (var kind in new[] { "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration" })
        {
            var autoscalers = Rules(Webhook(chart, kind)).Should().ContainSingle(r => r.Resource == "horizontalpodautoscalers").Subject;
            autoscalers.Group.Should().Be("autoscaling");
            autoscalers.Versions.Should().Equal(AutoscalerVersions);
            autoscalers.Operations.Should().BeEquivalentTo(CreateAndUpdate);
            autoscalers.Scope.Should().Be("Namespaced");
        }
    }

    [Fact]
    public void The_mutating_webhook_sees_what_the_validating_webhook_sees()
    {
        // The engine answers a scale request with no patch and patches only new ephemeral containers (the webhook's
        // golden answers to the API server's own mutate reviews of both subresources pin that).
        var chart = TestChart.Render();
        var mutating = Rules(Webhook(chart, "MutatingWebhookConfiguration"));
        var validating = Rules(Webhook(chart, "ValidatingWebhookConfiguration"));

        mutating.Should().BeEquivalentTo(validating);
        mutating.Select(r => r.Resource).Should().Contain(PodKinds).And.Contain(Subresources);
    }

    [Theory]
    [InlineData("/validate", "ValidatingWebhookConfiguration")]
    [InlineData("/mutate", "MutatingWebhookConfiguration")]
    public void The_api_server_calls_the_service_on_its_https_port(string path, string kind)
    {
        var chart = TestChart.Render();
        var service = chart.Single("Service");
        var https = service["spec"]!["ports"]!.AsArray().Single(p => (string?)p!["name"] == "https")!;

        var target = Webhook(chart, kind)["clientConfig"]!["service"]!;

        ((string?)target["name"]).Should().Be((string?)service["metadata"]!["name"]);
        ((string?)target["namespace"]).Should().Be(Namespace);
        ((string?)target["path"]).Should().Be(path, "the API server adds ?timeout= itself");
        ((long?)target["port"]).Should().Be(443).And.Be((long?)https["port"]);
    }

    [Fact]
    public void Without_cert_manager_both_webhooks_trust_the_generated_ca()
    {
        var chart = TestChart.Render();
        var secret = chart.Single("Secret");

        var ca = (string?)secret["data"]!["ca.crt"];

        ca.Should().NotBeNullOrEmpty();
        Webhooks(chart).Should().OnlyContain(w => (string?)w["clientConfig"]!["caBundle"] == ca);
        chart.Documents.Should().NotContain(d => d.Kind == "Certificate" || d.Kind == "Issuer");
        chart.OfKind("ValidatingWebhookConfiguration").Concat(chart.OfKind("MutatingWebhookConfiguration"))
            .Should().OnlyContain(c => c["metadata"]!["annotations"] == null);
    }

    [Fact]
    public void With_cert_manager_the_ca_injector_fills_both_bundles_from_the_serving_certificate()
    {
        var chart = TestChart.Render(Scenarios.CertManager);
        var configurations = chart.OfKind("ValidatingWebhookConfiguration").Concat(chart.OfKind("MutatingWebhookConfiguration")).ToList();

        configurations.Should().HaveCount(2);
        var injectFrom = configurations.Select(c => (string?)c["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]).Distinct().Should().ContainSingle().Subject;
        Webhooks(chart).Should().OnlyContain(w => w["clientConfig"]!["caBundle"] == null, "the CA injector owns the caBundle; a rendered one would fight it on every upgrade");
        chart.OfKind("Secret").Should().BeEmpty("cert-manager writes the Secret");

        var serving = chart.OfKind("Certificate").Single(c => $"{Namespace}/{(string?)c["metadata"]!["name"]}" == injectFrom);
        ((string?)serving["metadata"]!["namespace"]).Should().Be(Namespace);
        var mounted = chart.Single("Deployment")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "tls")!["secret"]!["secretName"];
        ((string?)serving["spec"]!["secretName"]).Should().Be((string?)mounted);

        var caIssuer = chart.OfKind("Issuer").Single(i => (string?)i["metadata"]!["name"] == (string?)serving["spec"]!["issuerRef"]!["name"]);
        var caCertificate = chart.OfKind("Certificate").Single(c => (string?)c["spec"]!["secretName"] == (string?)caIssuer["spec"]!["ca"]!["secretName"]);
        ((bool?)caCertificate["spec"]!["isCA"]).Should().BeTrue();
        var selfSigned = chart.OfKind("Issuer").Single(i => (string?)i["metadata"]!["name"] == (string?)caCertificate["spec"]!["issuerRef"]!["name"]);
        selfSigned["spec"]!["selfSigned"].Should().NotBeNull();
    }

    [Fact]
    public void With_cert_manager_the_serving_certificate_names_every_form_of_the_service()
    {
        var chart = TestChart.Render(Scenarios.CertManager);
        var service = (string?)chart.Single("Service")["metadata"]!["name"];

        var serving = chart.OfKind("Certificate").Single(c => (bool?)c["spec"]!["isCA"] != true);

        Strings(serving["spec"]!["dnsNames"]).Should().BeEquivalentTo(
            [service, $"{service}.{Namespace}", $"{service}.{Namespace}.svc", $"{service}.{Namespace}.svc.cluster.local"]);
        Strings(serving["spec"]!["usages"]).Should().Contain("server auth");
    }

    internal static IEnumerable<JsonObject> Webhooks(RenderedChart chart) =>
        chart.OfKind("ValidatingWebhookConfiguration").Concat(chart.OfKind("MutatingWebhookConfiguration"))
            .SelectMany(c => c["webhooks"]!.AsArray().Select(w => w!.AsObject()));

    private static JsonObject Webhook(RenderedChart chart, string kind) =>
        chart.Single(kind)["webhooks"]!.AsArray().Should().ContainSingle().Subject!.AsObject();

    private static List<Rule> Rules(JsonObject webhook) =>
        [.. webhook["rules"]!.AsArray().SelectMany(rule => Strings(rule!["resources"]).Select(resource => new Rule(
            Strings(rule["apiGroups"]).Single(),
            Strings(rule["apiVersions"]),
            resource,
            Strings(rule["operations"]).ToHashSet(StringComparer.Ordinal),
            (string?)rule["scope"] ?? "")))];

    internal static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    private sealed record Rule(string Group, List<string> Versions, string Resource, HashSet<string> Operations, string Scope);
}
