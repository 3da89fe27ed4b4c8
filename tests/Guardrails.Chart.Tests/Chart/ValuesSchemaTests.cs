using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>values.schema.json accepts values.yaml and the documented settings, and refuses mistakes before anything renders.</summary>
public sealed class ValuesSchemaTests
{
    [Fact]
    public void The_default_values_are_valid()
    {
        ValuesSchema.Problems(TestChart.Chart.DefaultValues).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public void The_test_scenarios_are_valid(string scenario)
    {
        ValuesSchema.Problems(TestChart.Chart.Values(Scenarios.Named(scenario))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("replicaCount: three", "a replica count must be an integer")]
    [InlineData("replicaCount: 0", "the webhook needs at least one pod")]
    [InlineData("replicas: 3", "an unknown top-level key is a typo")]
    [InlineData("webhook: {validating: {failurePolicy: Maybe}}", "failurePolicy is Fail or Ignore")]
    [InlineData("webhook: {mutating: {failurePolicy: fail}}", "failurePolicy is case-sensitive")]
    [InlineData("webhook: {timeoutSeconds: 31}", "the API server allows at most 30 seconds")]
    [InlineData("webhook: {excludedNamespaces: [Kube_System]}", "a namespace name is a DNS label")]
    [InlineData("webhook: {validating: {failurePolicy: Fail, sideEffects: None}}", "unknown keys are refused below the top level too")]
    [InlineData("image: {tag: latest}", "the image-tag policy would deny the chart's own pods")]
    [InlineData("image: {tag: 1.2}", "a tag must be a string (1.2 is a number and would render as 1.2 only by luck)")]
    [InlineData("image: {digest: sha256:abc}", "a digest is sha256 and 64 hex digits")]
    [InlineData("image: {pullPolicy: Sometimes}", "pull policies are a fixed set")]
    [InlineData("server: {logFormat: xml}", "the server knows json and text")]
    [InlineData("server: {evaluationTimeoutSeconds: 0}", "an evaluation needs some time")]
    [InlineData("server: {drainSeconds: 2.5}", "drain seconds are whole, so the grace period check is exact")]
    [InlineData("breakGlass: \"yes\"", "break glass is a boolean")]
    [InlineData("policies: {extra: {policy.json: x}}", "extra policies are .yaml or .yml files")]
    [InlineData("policies: {extra: {a.yaml: 1}}", "a policy file is text")]
    [InlineData("exemptions: {a: b}", "the exemptions file is one string")]
    [InlineData("podDisruptionBudget: {maxUnavailable: half}", "maxUnavailable is a number or a percentage")]
    [InlineData("topologySpread: {whenUnsatisfiable: Sometimes}", "whenUnsatisfiable is ScheduleAnyway or DoNotSchedule")]
    [InlineData("resources: {limits: {memory: null}}", "the built-in pack requires a memory limit (null removes a default)")]
    [InlineData("certManager: {enabled: true, duration: 90d}", "cert-manager durations are Go durations")]
    public void Wrong_values_are_refused(string values, string because)
    {
        ValuesSchema.Problems(TestChart.Chart.Values(values)).Should().NotBeEmpty(because);
    }
}
