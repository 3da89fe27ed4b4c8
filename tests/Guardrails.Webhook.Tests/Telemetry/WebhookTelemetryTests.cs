using System.Diagnostics.Metrics;
using Guardrails.Webhook.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Webhook.Tests.Telemetry;

/// <summary>What each instrument of the webhook's one meter reports, read with a listener on this test's meter alone.</summary>
public sealed class WebhookTelemetryTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly WebhookTelemetry _telemetry;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _measurements = [];

    public WebhookTelemetryTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _telemetry = new WebhookTelemetry(meters);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _telemetry.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void A_request_is_counted_by_webhook_operation_kind_and_decision_and_timed_in_seconds()
    {
        _telemetry.RecordRequest("validate", "CREATE", "Deployment", "denied", TimeSpan.FromMilliseconds(1.5));

        _measurements.Should().BeEquivalentTo(new[]
        {
            ("guardrails.admission.requests", 1d, Tags(("webhook", "validate"), ("operation", "CREATE"), ("kind", "Deployment"), ("decision", "denied"))),
            ("guardrails.admission.duration", 0.0015, Tags(("webhook", "validate"), ("decision", "denied"))),
        });
    }

    [Fact]
    public void A_kind_outside_the_known_set_is_counted_as_other_so_the_series_stay_bounded()
    {
        _telemetry.RecordRequest("mutate", "UPDATE", "MyCustomResource", "allowed", TimeSpan.Zero);
        _telemetry.RecordRequest("mutate", "UPDATE", "pod", "allowed", TimeSpan.Zero);

        _measurements.Where(m => m.Instrument == "guardrails.admission.requests").Select(m => m.Tags["kind"])
            .Should().Equal("other", "other");
    }

    [Fact]
    public void Removals_are_counted_by_level_and_a_level_with_none_records_nothing()
    {
        _telemetry.RecordPolicyRemoval(policies: 0, rules: 2);
        _telemetry.RecordPolicyRemoval(policies: 1, rules: 0);

        _measurements.Should().BeEquivalentTo(new[]
        {
            ("guardrails.policyset.removals", 2d, Tags(("level", "rule"))),
            ("guardrails.policyset.removals", 1d, Tags(("level", "policy"))),
        });
    }

    [Fact]
    public void Reloads_audit_passes_violations_and_certificate_reloads_carry_their_result()
    {
        _telemetry.RecordPolicyReload("unchanged");
        _telemetry.RecordAuditPass("abandoned");
        _telemetry.RecordTlsReload("failure");
        _telemetry.RecordViolation("require-limits", "memory", "deny");

        _measurements.Should().BeEquivalentTo(new[]
        {
            ("guardrails.policyset.reloads", 1d, Tags(("result", "unchanged"))),
            ("guardrails.audit.passes", 1d, Tags(("result", "abandoned"))),
            ("guardrails.tls.reloads", 1d, Tags(("result", "failure"))),
            ("guardrails.policy.violations", 1d, Tags(("policy", "require-limits"), ("rule", "memory"), ("action", "deny"))),
        });
    }

    [Fact]
    public void The_policy_count_reports_nothing_before_the_first_load_and_then_the_set_in_force()
    {
        int? count = null;
        _telemetry.ObservePolicyCount(() => count);

        _listener.RecordObservableInstruments();
        _measurements.Should().BeEmpty();

        count = 17;
        _listener.RecordObservableInstruments();
        _measurements.Should().BeEquivalentTo(new[] { ("guardrails.policyset.policies", 17d, Tags()) });
    }

    [Fact]
    public void The_audit_gauges_report_nothing_before_the_first_pass_and_then_the_last_pass()
    {
        AuditMetricsSnapshot? last = null;
        _telemetry.ObserveAudit(() => last);

        _listener.RecordObservableInstruments();
        _measurements.Should().BeEmpty();

        last = new AuditMetricsSnapshot(
            [new FindingCount("require-limits", "memory", "deny", "shop", 4)],
            [new NamespaceCompliance("shop", 0.75), new NamespaceCompliance("(other)", 1)]);
        _listener.RecordObservableInstruments();

        _measurements.Should().BeEquivalentTo(new[]
        {
            ("guardrails.audit.findings", 4d, Tags(("policy", "require-limits"), ("rule", "memory"), ("action", "deny"), ("namespace", "shop"))),
            ("guardrails.audit.compliance_ratio", 0.75, Tags(("namespace", "shop"))),
            ("guardrails.audit.compliance_ratio", 1d, Tags(("namespace", "(other)"))),
        });
    }

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) =>
        tags.ToDictionary(tag => tag.Key, tag => tag.Value);

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct =>
        _measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value?.ToString() ?? string.Empty)));
}
