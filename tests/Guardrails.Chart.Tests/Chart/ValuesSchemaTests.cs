using Guardrails.Chart.Tests.Helm;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// values.schema.json, as Helm applies it before anything renders: values.yaml and every scenario pass
/// <c>helm lint --strict</c>, and mistakes are refused by <c>helm template</c> of both majors with Helm's own message
/// (and by <c>helm lint</c>, which applies the same schema). The messages differ between the majors, legitimately: Helm 3 validates with
/// xeipuuv/gojsonschema, Helm 4 with santhosh-tekuri/jsonschema, and each words its errors its own way.
/// </summary>
public sealed class ValuesSchemaTests
{
    private const string SchemaRefusal = "Error: values don't meet the specifications of the schema(s) in the following chart(s):";

    // The one finding helm lint reports on the chart itself: Chart.yaml names no icon (an INFO, which --strict allows).
    private const string IconInfo = "[INFO] Chart.yaml: icon is recommended";

    public static TheoryData<string, string, string, string> WrongValues => new()
    {
        { "replicaCount: three", "- at '/replicaCount': got string, want integer", "- replicaCount: Invalid type. Expected: integer, given: string", "a replica count must be an integer" },
        { "replicaCount: 0", "- at '/replicaCount': minimum: got 0, want 1", "- replicaCount: Must be greater than or equal to 1", "the webhook needs at least one pod" },
        { "replicas: 3", "- at '': additional properties 'replicas' not allowed", "- (root): Additional property replicas is not allowed", "an unknown top-level key is a typo" },
        { "webhook: {validating: {failurePolicy: Maybe}}", "- at '/webhook/validating/failurePolicy': value must be one of 'Fail', 'Ignore'", "- webhook.validating.failurePolicy: webhook.validating.failurePolicy must be one of the following: \"Fail\", \"Ignore\"", "failurePolicy is Fail or Ignore" },
        { "webhook: {mutating: {failurePolicy: fail}}", "- at '/webhook/mutating/failurePolicy': value must be one of 'Fail', 'Ignore'", "- webhook.mutating.failurePolicy: webhook.mutating.failurePolicy must be one of the following: \"Fail\", \"Ignore\"", "failurePolicy is case-sensitive" },
        { "webhook: {timeoutSeconds: 31}", "- at '/webhook/timeoutSeconds': maximum: got 31, want 30", "- webhook.timeoutSeconds: Must be less than or equal to 30", "the API server allows at most 30 seconds" },
        { "webhook: {excludedNamespaces: [Kube_System]}", "- at '/webhook/excludedNamespaces/0': 'Kube_System' does not match pattern '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'", "- webhook.excludedNamespaces.0: Does not match pattern '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'", "a namespace name is a DNS label" },
        { "webhook: {validating: {failurePolicy: Fail, sideEffects: None}}", "- at '/webhook/validating': additional properties 'sideEffects' not allowed", "- webhook.validating: Additional property sideEffects is not allowed", "unknown keys are refused below the top level too" },
        { "image: {tag: latest}", "- at '/image/tag': 'not' failed", "- image.tag: Must not validate the schema (not)", "the image-tag policy would deny the chart's own pods" },
        { "image: {tag: 1.2}", "- at '/image/tag': got number, want string", "- image.tag: Invalid type. Expected: string, given: number", "a tag must be a string (1.2 is a number and would render as 1.2 only by luck)" },
        { "image: {digest: sha256:abc}", "- at '/image/digest': 'sha256:abc' does not match pattern '^(sha256:[a-f0-9]{64})?$'", "- image.digest: Does not match pattern '^(sha256:[a-f0-9]{64})?$'", "a digest is sha256 and 64 hex digits" },
        { "image: {pullPolicy: Sometimes}", "- at '/image/pullPolicy': value must be one of 'IfNotPresent', 'Always', 'Never'", "- image.pullPolicy: image.pullPolicy must be one of the following: \"IfNotPresent\", \"Always\", \"Never\"", "pull policies are a fixed set" },
        { "server: {logFormat: xml}", "- at '/server/logFormat': value must be one of 'json', 'text'", "- server.logFormat: server.logFormat must be one of the following: \"json\", \"text\"", "the server knows json and text" },
        { "server: {evaluationTimeoutSeconds: 0}", "- at '/server/evaluationTimeoutSeconds': exclusiveMinimum: got 0, want 0", "- server.evaluationTimeoutSeconds: Must be greater than 0", "an evaluation needs some time" },
        { "server: {drainSeconds: 2.5}", "- at '/server/drainSeconds': got number, want integer", "- server.drainSeconds: Invalid type. Expected: integer, given: number", "drain seconds are whole, so the grace period check is exact" },
        { "breakGlass: \"yes\"", "- at '/breakGlass': got string, want boolean", "- breakGlass: Invalid type. Expected: boolean, given: string", "break glass is a boolean" },
        { "policies: {extra: {policy.json: x}}", "- at '/policies/extra': additional properties 'policy.json' not allowed", "- policies.extra: Additional property policy.json is not allowed", "extra policies are .yaml or .yml files" },
        { "policies: {extra: {a.yaml: 1}}", "- at '/policies/extra/a.yaml': got number, want string", "- policies.extra.a.yaml: Invalid type. Expected: string, given: integer", "a policy file is text" },
        { "exemptions: {a: b}", "- at '/exemptions': got object, want string", "- exemptions: Invalid type. Expected: string, given: object", "the exemptions file is one string" },
        { "podDisruptionBudget: {maxUnavailable: half}", "- at '/podDisruptionBudget/maxUnavailable': 'half' does not match pattern '^[0-9]+%$'", "- podDisruptionBudget.maxUnavailable: Does not match pattern '^[0-9]+%$'", "maxUnavailable is a number or a percentage" },
        { "topologySpread: {whenUnsatisfiable: Sometimes}", "- at '/topologySpread/whenUnsatisfiable': value must be one of 'ScheduleAnyway', 'DoNotSchedule'", "- topologySpread.whenUnsatisfiable: topologySpread.whenUnsatisfiable must be one of the following: \"ScheduleAnyway\", \"DoNotSchedule\"", "whenUnsatisfiable is ScheduleAnyway or DoNotSchedule" },
        { "resources: {limits: {memory: null}}", "- at '/resources/limits': missing property 'memory'", "- resources.limits: memory is required", "the built-in pack requires a memory limit (null removes a default)" },
        { "certManager: {enabled: true, duration: 90d}", "- at '/certManager/duration': '90d' does not match pattern '^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$'", "- certManager.duration: Does not match pattern '^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$'", "cert-manager durations are Go durations" },
        { "fullnameOverride: Policy_Webhook", "- at '/fullnameOverride': 'Policy_Webhook' does not match pattern '^([a-z]([-a-z0-9]*[a-z0-9])?)?$'", "- fullnameOverride: Does not match pattern '^([a-z]([-a-z0-9]*[a-z0-9])?)?$'", "the full name is the Service's name, a DNS-1035 label" },
        { "nameOverride: \"-webhook\"", "- at '/nameOverride': '-webhook' does not match pattern '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$'", "- nameOverride: Does not match pattern '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$'", "the name is part of object names and a label value" },
        { "serviceAccount: {create: false, name: Platform Webhook}", "- at '/serviceAccount/name': 'Platform Webhook' does not match pattern '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$'", "- serviceAccount.name: Does not match pattern '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$'", "a ServiceAccount name is a DNS subdomain" },
    };

    [Fact]
    public async Task The_chart_with_its_default_values_passes_helm_lint_strict()
    {
        foreach (var helm in HelmTools.Both)
        {
            await LintPasses(helm, new RenderRequest());
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Every_scenario_passes_helm_lint_strict(string scenario)
    {
        var request = Scenarios.Named(scenario).Request;

        await Task.WhenAll(HelmTools.Both.Select(helm => LintPasses(helm, request)));
    }

    [Theory]
    [MemberData(nameof(WrongValues))]
    public async Task Wrong_values_are_refused_with_helms_message(string values, string helm4Message, string helm3Message, string because)
    {
        var (helm4, helm3) = await TestChart.RenderBothAsync(new RenderRequest(values));

        foreach (var (render, message) in new[] { (helm4, helm4Message), (helm3, helm3Message) })
        {
            render.Succeeded.Should().BeFalse($"{render.Helm} must refuse {values}: {because}");
            render.Error.Split('\n').Should().Equal([SchemaRefusal, "guardrails:", message], $"{render.Helm} names the value and the rule it breaks");
        }
    }

    [Fact]
    public async Task Helm_lint_strict_refuses_wrong_values_with_the_same_message()
    {
        var request = new RenderRequest("replicaCount: three");

        var lints = await Task.WhenAll(HelmTools.Both.Select(helm => HelmRenders.LintAsync(helm, request)));

        lints[0].ExitCode.Should().NotBe(0);
        lints[0].Output.Should().Contain("[ERROR] values.yaml: - at '/replicaCount': got string, want integer");
        lints[1].ExitCode.Should().NotBe(0);
        lints[1].Output.Should().Contain("[ERROR] values.yaml: - replicaCount: Invalid type. Expected: integer, given: string");
    }

    [Fact]
    public async Task The_chart_refuses_a_kubernetes_older_than_its_kube_version()
    {
        foreach (var helm in HelmTools.Both)
        {
            var old = await HelmRenders.TemplateAsync(helm, new RenderRequest { KubeVersion = "1.26.15" });
            var oldest = await HelmRenders.TemplateAsync(helm, new RenderRequest { KubeVersion = "1.27.0" });

            old.ErrorLine.Should().Be("Error: chart requires kubeVersion: >=1.27.0-0 which is incompatible with Kubernetes v1.26.15", helm.ToString());
            oldest.Succeeded.Should().BeTrue($"{helm} renders for the oldest supported Kubernetes: {oldest.Error}");
        }
    }

    private static async Task LintPasses(HelmBinary helm, RenderRequest request)
    {
        var lint = await HelmRenders.LintAsync(helm, request);
        var because = $"{helm} lint --strict with\n{request.Values}\nsaid:\n{lint.Output}{lint.Errors}";

        lint.ExitCode.Should().Be(0, because);
        lint.Output.Should().Contain("1 chart(s) linted, 0 chart(s) failed", because);
        lint.Output.Split('\n').Where(line => line.StartsWith('[')).Should().Equal([IconInfo], because);
    }
}
