using System.Collections.Concurrent;
using System.Globalization;
using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Harness;
using Guardrails.EndToEnd.Paths;
using Guardrails.EndToEnd.Webhook;
using Guardrails.EndToEnd.Yaml;

namespace Guardrails.EndToEnd.FailureModes;

/// <summary>
/// SIGTERM under a stream of creates, with zero failed requests. In a cluster the webhook's Service sends requests only
/// to ready endpoints; here the test acts as the endpoints controller: when the first serve instance stops being ready
/// (it drains after SIGTERM: /readyz fails while it still serves), the configurations' url is switched to a second
/// instance, as Kubernetes moves a Service's traffic. Every create must get the guardrails verdict (created, or
/// denied by guardrails), never a failed webhook call.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class DrainTests(TestCluster cluster)
{
    [EndToEndFact]
    public async Task Sigterm_under_a_stream_of_creates_fails_no_request()
    {
        var settings = new ServeSettings { DrainSeconds = 5, ShutdownTimeoutSeconds = 10 };
        var first = await cluster.StartServeAsync("drain-first", settings);
        var second = await cluster.StartServeAsync("drain-second", settings);
        var registration = await cluster.RegisterAsync("drain", WebhookMode.Both, first);
        var ns = await cluster.CreateNamespaceAsync("drain", registration);
        var outcomes = new ConcurrentBag<ClusterOutcome>();
        using var stop = new CancellationTokenSource();
        var counter = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref counter);
                var name = string.Create(CultureInfo.InvariantCulture, $"p-{n}");
                var pod = YamlJson.Documents(n % 2 == 0 ? Manifests.Pod(ns, name) : Manifests.Pod(ns, name, image: "busybox")).Single().AsObject();
                outcomes.Add(ClusterOutcome.FromApi("create " + name, await cluster.Api.CreateAsync(pod)));
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        first.Process.Signal(Signals.Term);
        await Eventually.HoldsAsync(async () => await first.ReadyStatusAsync() != 200, TimeSpan.FromSeconds(10), "the first instance reports not ready after SIGTERM");
        await registration.SwitchToAsync(second);
        var exited = await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        exited.Should().BeTrue("the drained instance exits");
        first.Process.ExitCode.Should().Be(0, first.Process.LogTail());
        var failed = outcomes.Where(o => !o.Admitted && !o.DeniedByGuardrails).ToList();
        failed.Should().BeEmpty($"every create of {outcomes.Count} got the guardrails verdict; failed:\n{string.Join("\n", failed.Take(5).Select(f => f.Describe()))}");
        outcomes.Should().Contain(o => o.Admitted).And.Contain(o => o.DeniedByGuardrails);
        first.Decisions().Should().NotBeEmpty();
        second.Decisions().Should().NotBeEmpty("the stream moved to the second instance");
        await registration.DisposeAsync();
    }
}
