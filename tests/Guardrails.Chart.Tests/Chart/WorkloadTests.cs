using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>The Deployment and the objects around it: what runs, with which rights, and how it stays available.</summary>
public sealed class WorkloadTests
{
    private const string Namespace = TestChart.Namespace;

    // The options of guardrails serve that take one value: each may appear once in the arguments, or serve exits.
    private static readonly string[] SingleValuedOptions =
    [
        "--port", "--metrics-port", "--tls-cert", "--tls-key", "--exemptions", "--drain-seconds", "--shutdown-timeout-seconds",
        "--evaluation-timeout-seconds", "--log-format", "--address", "--kubeconfig",
    ];

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    };

    [Fact]
    public void The_default_values_render_the_webhook_and_nothing_optional()
    {
        TestChart.Render().Documents.Select(d => d.Kind).Should().BeEquivalentTo(
        [
            "ClusterRole", "ClusterRoleBinding", "Deployment", "MutatingWebhookConfiguration", "PodDisruptionBudget", "Secret",
            "Service", "ServiceAccount", "ValidatingWebhookConfiguration",
        ]);
    }

    [Fact]
    public void Everything_on_adds_the_cert_manager_objects_the_config_maps_and_the_service_monitor()
    {
        TestChart.Render(Scenarios.Everything).Documents.Select(d => d.Kind).Should().BeEquivalentTo(
        [
            "Certificate", "Certificate", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "ConfigMap", "Deployment", "Issuer", "Issuer",
            "MutatingWebhookConfiguration", "PodDisruptionBudget", "Service", "ServiceAccount", "ServiceMonitor", "ValidatingWebhookConfiguration",
        ]);
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void Every_document_is_a_labelled_object_in_the_release_namespace_unless_cluster_scoped(string scenario)
    {
        var expected = Scenarios.Named(scenario);
        var chart = TestChart.Render(expected.Request);

        chart.Documents.Should().NotBeEmpty();
        ((string?)chart.Single("Deployment")["metadata"]!["name"]).Should().Be(expected.FullName);
        ((string?)chart.Single("Service")["metadata"]!["name"]).Should().Be(expected.FullName);
        foreach (var document in chart.Documents)
        {
            var metadata = document.Object["metadata"];
            ((string?)document.Object["apiVersion"]).Should().NotBeNullOrEmpty(document.Template);
            document.Kind.Should().NotBeNullOrEmpty(document.Template);
            document.Name.Should().MatchRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", document.Template);
            document.Name.Length.Should().BeLessThanOrEqualTo(253);
            ((string?)metadata!["namespace"]).Should().Be(ClusterScoped.Contains(document.Kind) ? null : Namespace, $"{document.Kind} {document.Name}");
            var labels = metadata["labels"]!;
            ((string?)labels["app.kubernetes.io/name"]).Should().Be(expected.AppName);
            ((string?)labels["app.kubernetes.io/instance"]).Should().Be(expected.ReleaseName);
            ((string?)labels["app.kubernetes.io/version"]).Should().Be("0.1.0");
            ((string?)labels["app.kubernetes.io/managed-by"]).Should().Be("Helm");
            ((string?)labels["helm.sh/chart"]).Should().Be("guardrails-0.1.0");
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void The_serve_arguments_give_each_single_valued_option_once(string scenario)
    {
        var args = Args(Container(TestChart.Render(Scenarios.Named(scenario).Request).Single("Deployment")));

        args[0].Should().Be("serve");
        var options = args.Where(a => a.StartsWith('-')).Select(a => a.Split('=')[0]).ToList();
        foreach (var option in SingleValuedOptions)
        {
            options.Count(o => o == option).Should().BeLessThanOrEqualTo(1, $"guardrails serve refuses {option} twice: {string.Join(' ', args)}");
        }

        options.Should().Contain(["--port", "--metrics-port", "--tls-cert", "--tls-key", "--policies", "--log-format"]);
    }

    [Fact]
    public void Extra_arguments_may_not_repeat_an_option_the_chart_sets()
    {
        foreach (var (values, option, source) in new[]
        {
            ("server: {extraArgs: [--log-format, text]}", "--log-format", "server.logFormat"),
            ("server: {extraArgs: [--port=9443]}", "--port", "server.port"),
            ("server: {extraArgs: [--tls-cert, /tmp/x.crt]}", "--tls-cert", "the chart's certificate"),
            ("{exemptions: \"x: y\", server: {extraArgs: [-e, /tmp/exemptions.yaml]}}", "-e", "exemptions"),
        })
        {
            foreach (var render in TestChart.Refused(values))
            {
                render.ErrorLine.Should().Be($"Error: execution error at (guardrails/templates/deployment.yaml:20:4): server.extraArgs repeats {option}, which the chart sets from {source}: "
                    + "guardrails serve refuses an option given twice", $"{render.Helm} with {values}");
            }
        }

        Args(Container(TestChart.Render("server: {extraArgs: [--exemptions, /etc/custom/exemptions.yaml]}").Single("Deployment")))
            .Should().EndWith(["--exemptions", "/etc/custom/exemptions.yaml"], "without the exemptions value the chart passes no --exemptions of its own");
    }

    [Fact]
    public void The_webhook_and_metrics_ports_must_differ()
    {
        foreach (var render in TestChart.Refused("server: {metricsPort: 8443}"))
        {
            render.ErrorLine.Should().Be("Error: execution error at (guardrails/templates/deployment.yaml:9:4): server.port and server.metricsPort are both 8443: the webhook cannot listen twice on one port", render.Helm.ToString());
        }
    }

    [Fact]
    public void Large_whole_numbers_render_as_integers_the_api_server_accepts()
    {
        // Helm prints a float64 value of a million or more as 1e+06, which no integer field of the API accepts.
        var chart = TestChart.Render("replicaCount: 1000000\nterminationGracePeriodSeconds: 10000000\ntopologySpread: {maxSkew: 2000000}\npodDisruptionBudget: {maxUnavailable: 3000000}");
        var deployment = chart.Single("Deployment");

        ((long?)deployment["spec"]!["replicas"]).Should().Be(1000000);
        ((long?)deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]).Should().Be(10000000);
        ((long?)deployment["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]![0]!["maxSkew"]).Should().Be(2000000);
        ((long?)chart.Single("PodDisruptionBudget")["spec"]!["maxUnavailable"]).Should().Be(3000000);
        chart.Manifest.Should().NotContain("e+0");
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("\"25%\"", "25%")]
    public void The_disruption_budget_takes_a_number_or_a_percentage(string maxUnavailable, object expected)
    {
        var budget = TestChart.Render($"podDisruptionBudget: {{maxUnavailable: {maxUnavailable}}}").Single("PodDisruptionBudget");

        budget["spec"]!["maxUnavailable"]!.GetValue<object>().ToString().Should().Be(expected.ToString());
        ((string?)budget["spec"]!["maxUnavailable"]!.GetValueKind().ToString()).Should().Be(expected is string ? "String" : "Number");
    }

    [Fact]
    public void The_deployment_runs_three_replicas_of_the_pinned_image_with_the_serve_arguments()
    {
        var deployment = TestChart.Render().Single("Deployment");
        var container = Container(deployment);

        ((long?)deployment["spec"]!["replicas"]).Should().Be(3);
        ((string?)container["image"]).Should().Be("ghcr.io/guardrails-dev/guardrails:0.1.0");
        Args(container).Should().Equal(
            "serve", "--port", "8443", "--metrics-port", "9090",
            "--tls-cert", "/etc/guardrails/tls/tls.crt", "--tls-key", "/etc/guardrails/tls/tls.key",
            "--policies", "built-in",
            "--drain-seconds", "5", "--shutdown-timeout-seconds", "10", "--evaluation-timeout-seconds", "3", "--log-format", "json");
        container["command"].Should().BeNull("the image's entry point is the guardrails binary");
    }

    [Fact]
    public void Extra_policies_exemptions_and_break_glass_reach_the_arguments_and_the_mounts()
    {
        var chart = TestChart.Render(Scenarios.Everything);
        var deployment = chart.Single("Deployment");
        var container = Container(deployment);
        var args = Args(container);

        args.Should().ContainInOrder("--policies", "built-in", "--policies", "/etc/guardrails/policies", "--exemptions", "/etc/guardrails/exemptions/exemptions.yaml");
        args.Should().Contain("--break-glass");
        args.Should().EndWith(["--address", "::"], "server.extraArgs come last");
        ((string?)container["image"]).Should().Be("ghcr.io/guardrails-dev/guardrails:0.1.0@sha256:" + new string('a', 64));

        var mounts = container["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => (string)m!["mountPath"]!);
        var volumes = deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!.AsObject());
        mounts.Should().Contain("policies", "/etc/guardrails/policies").And.Contain("exemptions", "/etc/guardrails/exemptions").And.Contain("tls", "/etc/guardrails/tls");
        var configMaps = chart.OfKind("ConfigMap").ToDictionary(c => (string)c["metadata"]!["name"]!);
        var policies = configMaps[(string)volumes["policies"]["configMap"]!["name"]!];
        policies["data"]!.AsObject().Select(p => p.Key).Should().Equal("read-only-root.yaml");
        ((string?)policies["data"]!["read-only-root.yaml"]).Should().Be(Scenarios.ExtraPolicy.TrimEnd('\n') + "\n");
        var exemptions = configMaps[(string)volumes["exemptions"]["configMap"]!["name"]!];
        ((string?)exemptions["data"]!["exemptions.yaml"]).Should().Be(Scenarios.Exemptions.TrimEnd('\n') + "\n");
    }

    [Fact]
    public void Without_the_built_in_pack_only_the_extra_policies_are_passed()
    {
        var args = Args(Container(TestChart.Render(Scenarios.ExtraPoliciesOnly).Single("Deployment")));

        args.Should().NotContain("built-in");
        args.Should().ContainInOrder("--policies", "/etc/guardrails/policies");
    }

    [Fact]
    public void The_pods_are_restricted_and_keep_the_api_token()
    {
        var pod = TestChart.Render().Single("Deployment")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]!.AsArray().Single()!;
        var security = container["securityContext"]!;

        ((bool?)pod["automountServiceAccountToken"]).Should().BeTrue("the webhook watches namespaces through the API");
        ((bool?)pod["securityContext"]!["runAsNonRoot"]).Should().BeTrue();
        ((long?)pod["securityContext"]!["runAsUser"]).Should().Be(65532);
        ((string?)pod["securityContext"]!["seccompProfile"]!["type"]).Should().Be("RuntimeDefault");
        ((bool?)security["runAsNonRoot"]).Should().BeTrue();
        ((long?)security["runAsUser"]).Should().Be(65532);
        ((bool?)security["readOnlyRootFilesystem"]).Should().BeTrue();
        ((bool?)security["allowPrivilegeEscalation"]).Should().BeFalse();
        ((bool?)security["privileged"]).Should().BeFalse();
        WebhookConfigurationTests.Strings(security["capabilities"]!["drop"]).Should().Equal("ALL");
        ((string?)security["seccompProfile"]!["type"]).Should().Be("RuntimeDefault");
        var tmp = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "tmp")!;
        tmp["emptyDir"].Should().NotBeNull();
        container["volumeMounts"]!.AsArray().Should().Contain(m => (string?)m!["mountPath"] == "/tmp");
        pod["volumes"]!.AsArray().Should().NotContain(v => v!["hostPath"] != null);
    }

    [Fact]
    public void The_container_has_requests_limits_and_https_probes_on_the_webhook_port()
    {
        var container = Container(TestChart.Render().Single("Deployment"));

        foreach (var kind in new[] { "requests", "limits" })
        {
            container["resources"]![kind]!["cpu"].Should().NotBeNull();
            container["resources"]![kind]!["memory"].Should().NotBeNull();
        }

        var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (long)p!["containerPort"]!);
        ports.Should().Equal(new Dictionary<string, long> { ["https"] = 8443, ["metrics"] = 9090 });
        foreach (var (probe, path) in new[] { ("readinessProbe", "/readyz"), ("livenessProbe", "/healthz") })
        {
            var get = container[probe]!["httpGet"]!;
            ((string?)get["path"]).Should().Be(path);
            ((string?)get["scheme"]).Should().Be("HTTPS");
            ((string?)get["port"]).Should().Be("https");
            ((long?)container[probe]!["periodSeconds"]).Should().BePositive();
        }
    }

    [Fact]
    public void The_grace_period_outlasts_the_drain_and_the_shutdown()
    {
        var deployment = TestChart.Render().Single("Deployment");

        ((long?)deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]).Should().BeGreaterThan(5 + 10);
        foreach (var render in TestChart.Refused("terminationGracePeriodSeconds: 15"))
        {
            render.ErrorLine.Should().Be("Error: execution error at (guardrails/templates/deployment.yaml:3:4): terminationGracePeriodSeconds must be more than "
                + "server.drainSeconds + server.shutdownTimeoutSeconds (15), or the kubelet kills the webhook in the middle of its drain", render.Helm.ToString());
        }
    }

    [Fact]
    public void A_release_without_any_policy_does_not_render()
    {
        foreach (var render in TestChart.Refused("policies: {builtIn: false}"))
        {
            render.ErrorLine.Should().Be("Error: execution error at (guardrails/templates/deployment.yaml:6:4): policies.builtIn is false and policies.extra is empty: "
                + "the webhook would have no policy to enforce", render.Helm.ToString());
        }
    }

    [Fact]
    public void The_pods_spread_across_nodes_and_a_budget_limits_disruptions()
    {
        var chart = TestChart.Render();
        var template = chart.Single("Deployment")["spec"]!["template"]!;
        var podLabels = template["metadata"]!["labels"]!.AsObject();

        var spread = template["spec"]!["topologySpreadConstraints"]!.AsArray().Single()!;
        ((string?)spread["topologyKey"]).Should().Be("kubernetes.io/hostname");
        ((long?)spread["maxSkew"]).Should().Be(1);
        Selects(spread["labelSelector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();
        var antiAffinity = template["spec"]!["affinity"]!["podAntiAffinity"]!["preferredDuringSchedulingIgnoredDuringExecution"]!.AsArray().Single()!;
        ((string?)antiAffinity["podAffinityTerm"]!["topologyKey"]).Should().Be("kubernetes.io/hostname");
        Selects(antiAffinity["podAffinityTerm"]!["labelSelector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();

        var budget = chart.Single("PodDisruptionBudget");
        ((long?)budget["spec"]!["maxUnavailable"]).Should().Be(1);
        Selects(budget["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();
        Selects(chart.Single("Deployment")["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels).Should().BeTrue();
    }

    [Fact]
    public void The_service_reaches_the_pods_on_https_and_metrics()
    {
        var chart = TestChart.Render();
        var service = chart.Single("Service");
        var podLabels = chart.Single("Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        Selects(service["spec"]!["selector"]!.AsObject(), podLabels).Should().BeTrue();
        var ports = service["spec"]!["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => ((long)p!["port"]!, (string)p["targetPort"]!));
        ports.Should().Equal(new Dictionary<string, (long, string)> { ["https"] = (443, "https"), ["metrics"] = (9090, "metrics") });
    }

    [Fact]
    public void The_cluster_role_only_reads_namespaces_and_autoscalers_and_is_bound_to_the_pods_account()
    {
        var chart = TestChart.Render();

        var rules = chart.Single("ClusterRole")["rules"]!.AsArray();
        rules.Should().HaveCount(2);
        var namespaces = rules[0]!;
        WebhookConfigurationTests.Strings(namespaces["apiGroups"]).Should().Equal("");
        WebhookConfigurationTests.Strings(namespaces["resources"]).Should().Equal("namespaces");
        WebhookConfigurationTests.Strings(namespaces["verbs"]).Should().BeEquivalentTo(["get", "list", "watch"], "a namespace missing from the cache is read directly");
        var autoscalers = rules[1]!;
        WebhookConfigurationTests.Strings(autoscalers["apiGroups"]).Should().Equal("autoscaling");
        WebhookConfigurationTests.Strings(autoscalers["resources"]).Should().Equal("horizontalpodautoscalers");
        WebhookConfigurationTests.Strings(autoscalers["verbs"]).Should().BeEquivalentTo(["list", "watch"], "the autoscaler cache lists and watches, and never reads one directly");
        rules.Should().OnlyContain(rule => rule!.AsObject().Select(p => p.Key).SequenceEqual(new[] { "apiGroups", "resources", "verbs" }), "no resourceNames or nonResourceURLs widen them");

        var binding = chart.Single("ClusterRoleBinding");
        ((string?)binding["roleRef"]!["name"]).Should().Be((string?)chart.Single("ClusterRole")["metadata"]!["name"]);
        var subject = binding["subjects"]!.AsArray().Should().ContainSingle().Subject!;
        var account = (string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"];
        ((string?)subject["name"]).Should().Be(account).And.Be((string?)chart.Single("ServiceAccount")["metadata"]!["name"]);
        ((string?)subject["namespace"]).Should().Be(Namespace);
    }

    [Fact]
    public void The_service_monitor_scrapes_the_metrics_port_of_the_service()
    {
        var chart = TestChart.Render(Scenarios.Everything);
        var monitor = chart.Single("ServiceMonitor");

        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        ((string?)endpoint["port"]).Should().Be("metrics");
        ((string?)endpoint["path"]).Should().Be("/metrics");
        ((string?)monitor["metadata"]!["labels"]!["release"]).Should().Be("prometheus");
        Selects(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), chart.Single("Service")["metadata"]!["labels"]!.AsObject()).Should().BeTrue();
    }

    [Fact]
    public void Pod_extras_from_values_land_on_the_pods()
    {
        var pod = TestChart.Render(Scenarios.Everything).Single("Deployment")["spec"]!["template"]!;

        ((string?)pod["metadata"]!["labels"]!["team"]).Should().Be("platform");
        ((string?)pod["metadata"]!["annotations"]!["example.com/owner"]).Should().Be("platform");
        ((string?)pod["spec"]!["priorityClassName"]).Should().Be("system-cluster-critical");
        ((string?)pod["spec"]!["nodeSelector"]!["kubernetes.io/os"]).Should().Be("linux");
        ((string?)pod["spec"]!["imagePullSecrets"]![0]!["name"]).Should().Be("registry");
        ((string?)pod["spec"]!["tolerations"]![0]!["key"]).Should().Be("dedicated");
        ((string?)PodContainer(pod["spec"]!.AsObject())["env"]![0]!["name"]).Should().Be("OTEL_EXPORTER_OTLP_ENDPOINT");
    }

    [Theory]
    [InlineData("guardrails", "", "guardrails")]
    [InlineData("prod-guardrails-webhook", "", "prod-guardrails-webhook")]
    [InlineData("platform", "", "platform-guardrails")]
    [InlineData("platform", "fullnameOverride: policy-webhook", "policy-webhook")]
    [InlineData("platform", "nameOverride: webhook", "platform-webhook")]
    [InlineData("platform-webhook", "nameOverride: webhook", "platform-webhook")]
    [InlineData("rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr", "nameOverride: abcdefgh-xyz", "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr-abcdefgh")]
    public void Object_names_follow_the_release_name(string release, string values, string fullname)
    {
        var chart = TestChart.Render(values, releaseName: release);

        ((string?)chart.Single("Deployment")["metadata"]!["name"]).Should().Be(fullname);
        ((string?)chart.Single("ValidatingWebhookConfiguration")["webhooks"]![0]!["clientConfig"]!["service"]!["name"]).Should().Be(fullname);
        ((string?)chart.Single("Secret")["metadata"]!["name"]).Should().Be($"guardrails-allowed-{fullname}-tls");
    }

    [Fact]
    public void An_existing_service_account_must_be_named()
    {
        foreach (var render in TestChart.Refused("serviceAccount: {create: false}"))
        {
            render.ErrorLine.Should().Be("Error: execution error at (guardrails/templates/rbac.yaml:30:13): serviceAccount.name is required when serviceAccount.create is false", render.Helm.ToString());
        }

        var chart = TestChart.Render("serviceAccount: {create: false, name: webhook}");
        chart.OfKind("ServiceAccount").Should().BeEmpty();
        ((string?)chart.Single("Deployment")["spec"]!["template"]!["spec"]!["serviceAccountName"]).Should().Be("webhook");
    }

    [Fact]
    public void The_notes_explain_the_way_out()
    {
        var normal = TestChart.Notes("");
        var broken = TestChart.Notes("breakGlass: true");

        normal.Should().Contain("kubectl delete validatingwebhookconfiguration guardrails")
            .And.Contain("kubectl delete mutatingwebhookconfiguration guardrails")
            .And.Contain($"kube-system, kube-node-lease, {Namespace}")
            .And.NotContain("BREAK GLASS");
        broken.Should().Contain("BREAK GLASS IS ON");
    }

    [Fact]
    public void The_notes_name_what_is_registered_and_enforced()
    {
        var notes = TestChart.Notes(Scenarios.Everything);
        var validatingOnly = TestChart.Notes(Scenarios.WithoutMutating);

        notes.Should().Contain("validating: guardrails (failurePolicy Fail)")
            .And.Contain("mutating:   guardrails (failurePolicy Ignore)")
            .And.Contain("Policies: the built-in pack and 1 extra file(s), with exemptions.")
            .And.Contain($"kube-system, kube-node-lease, {Namespace}, legacy, sandbox, and any namespace labelled guardrails.dev/ignore=true");
        validatingOnly.Should().Contain("validating: guardrails").And.NotContain("mutating:   guardrails");
    }

    private static JsonObject Container(JsonObject deployment) => PodContainer(deployment["spec"]!["template"]!["spec"]!.AsObject());

    private static JsonObject PodContainer(JsonObject podSpec) => podSpec["containers"]!.AsArray().Should().ContainSingle().Subject!.AsObject();

    private static List<string> Args(JsonObject container) => WebhookConfigurationTests.Strings(container["args"]);

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(p => (string?)labels[p.Key] == (string?)p.Value);
}
