namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// Tests that compare exact metric counts run alone: servers started in this process share meter names, and when
/// another test's server stops, its OpenTelemetry meter provider takes the shared instruments' series with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExactMetricsGroup
{
    public const string Name = "exact metrics";
}
