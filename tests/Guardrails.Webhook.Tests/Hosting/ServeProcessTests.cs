using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary><c>guardrails serve</c> as a process: readiness, SIGTERM draining, policy reload, metrics.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("guardrails-serve-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Sigterm_drains_not_ready_while_still_serving_then_exits_cleanly()
    {
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), "--no-cluster", "--drain-seconds", "3");
        (await serve.StatusAsync("/readyz")).Should().Be(200);
        (await serve.GetAsync("/readyz")).Should().Contain("\"autoscalers\": \"none (no cluster)\"", "without a cluster no workload has an autoscaler");
        // The start-up line may still be on its way through the pipe when /readyz answers.
        await serve.WaitUntilAsync(() => serve.Output.Contains("autoscalers none (no cluster)", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var signalled = Stopwatch.StartNew();
        serve.Signal("TERM");

        await serve.WaitUntilAsync(async () => await serve.StatusAsync("/readyz") == 503, TimeSpan.FromSeconds(10));
        var (status, body, _) = await AdmissionClient.PostFixtureAsync(serve.Client, "validate-create-deployment-ledger.json");
        status.Should().Be(200, "requests are still answered while draining");
        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        (await serve.GetAsync("/healthz")).Should().Be("ok\n");

        await serve.WaitUntilAsync(() => serve.HasExited, TimeSpan.FromSeconds(30));
        signalled.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(3), "the drain period is served out");
        serve.ExitCode.Should().Be(0);
        // The last output may still be on its way through the pipe when the exit is seen.
        await serve.WaitUntilAsync(() => serve.Output.Contains("SIGTERM: not ready; serving for 3 s more, then finishing requests in flight", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Requests_on_kept_alive_connections_never_fail_across_a_sigterm_drain(string version)
    {
        // One policy without patterns: what is measured is the transport, not the engine's pace on a loaded machine.
        var policies = Path.Combine(_temp, "policies");
        CopyPolicy("replica-minimum", policies);
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), "--no-cluster", "--drain-seconds", "2",
            "--policies", policies, "--namespace-labels", "payments-prod=env=prod");
        var authority = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(serve.Certificates, "ca.crt")));
        using var client = new CountingClient(authority, new Uri($"https://localhost:{serve.Port}"), Version.Parse(version));
        var review = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.AdmissionReviews, "validate-create-deployment-checkout.json"));
        var answeredAfterUnready = 0;
        var rerouted = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = Stopwatch.StartNew();
        var signalled = new Stopwatch();
        var firstRerouted = TimeSpan.Zero;

        // Four senders back to back on kept-alive connections, from before the signal until the process is gone.
        async Task SendUntilExitAsync()
        {
            while (!serve.HasExited && running.Elapsed < TimeSpan.FromSeconds(60))
            {
                var unready = client.Rerouted;
                try
                {
                    using var content = new ByteArrayContent(review);
                    content.Headers.ContentType = new("application/json");
                    using var response = await client.Client.PostAsync("/validate?timeout=5s", content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != System.Net.HttpStatusCode.OK || !body.Contains("\"allowed\":true", StringComparison.Ordinal))
                    {
                        failures.Enqueue($"HTTP {(int)response.StatusCode}: {body}");
                    }
                    else if (unready)
                    {
                        Interlocked.Increment(ref answeredAfterUnready);
                    }
                }
                catch (HttpRequestException ex) when (ReroutedException.Caused(ex))
                {
                    if (Interlocked.Increment(ref rerouted) == 1)
                    {
                        firstRerouted = signalled.Elapsed;
                    }

                    await Task.Delay(5);
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue($"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
                }
            }
        }

        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(SendUntilExitAsync)).ToArray();
        await Task.Delay(500);
        client.Connections.Should().BeInRange(1, 4, "the senders keep their connections alive");
        signalled.Start();
        serve.Signal("TERM");
        // The kubelet sees the pod unready and the endpoint is removed: new connections go to other replicas from then on.
        await serve.WaitUntilAsync(async () => await serve.StatusAsync("/readyz") == 503, TimeSpan.FromSeconds(10));
        client.Rerouted = true;
        await Task.WhenAll(senders);

        failures.Should().BeEmpty("a request sent on a connection the server kept open is always answered");
        serve.HasExited.Should().BeTrue();
        serve.ExitCode.Should().Be(0);
        rerouted.Should().BeGreaterThan(0, "the senders went on after the server was gone");
        answeredAfterUnready.Should().BeGreaterThan(0, "kept connections carry requests in the first half of the drain period");
        firstRerouted.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "connections are closed from half the drain period (2 s) on, not at once");
    }

    [Fact]
    public async Task Policy_files_reload_good_edits_and_keep_the_last_good_set_on_broken_ones()
    {
        var policies = Path.Combine(_temp, "policies");
        CopyPolicy("replica-minimum", policies);
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), "--no-cluster", "--policies", policies,
            "--namespace-labels", "payments-prod=env=prod");
        var first = await Revision(serve);

        var file = Path.Combine(policies, "replica-minimum", "policy.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file))
            .Replace("minimum: 2", "minimum: 4", StringComparison.Ordinal).Replace("at least 2 replicas", "at least 4 replicas", StringComparison.Ordinal));
        await serve.WaitUntilAsync(async () => await Revision(serve) != first, TimeSpan.FromSeconds(30));
        var second = await Revision(serve);
        var (_, denied, _) = await AdmissionClient.PostFixtureAsync(serve.Client, "validate-create-deployment-checkout.json");
        denied!["response"]!["status"]!["message"]!.GetValue<string>().Should().Contain("checkout in production namespace payments-prod must run at least 4 replicas", "the new set judges (checkout runs 3)");

        await File.WriteAllTextAsync(file, "apiVersion: guardrails.dev/v1\nkind: Policy\nmetadata: {name: replica-minimum}\nspec: {title: broken}\n");
        await serve.WaitUntilAsync(async () => (await serve.GetAsync("/readyz")).Contains("lastReloadError", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var ready = await serve.GetAsync("/readyz");
        ready.Should().Contain($"\"revision\": \"{second}\"").And.Contain("policy.yaml:4:");
        (await serve.StatusAsync("/readyz")).Should().Be(200, "the last good set keeps serving");
        var metrics = await serve.GetAsync("/metrics");
        metrics.Should().MatchRegex("guardrails_policyset_reloads(_total)?\\{[^}]*result=\"success\"[^}]*\\} 1")
            .And.MatchRegex("guardrails_policyset_reloads(_total)?\\{[^}]*result=\"failure\"[^}]*\\} [1-9]");
    }

    [Fact]
    public async Task A_truncated_policy_file_keeps_the_set_and_a_deleted_one_is_removed_counted_and_gauged()
    {
        var policies = Path.Combine(_temp, "policies");
        CopyPolicy("replica-minimum", policies);
        CopyPolicy("no-privileged", policies);
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), "--no-cluster", "--policies", policies,
            "--namespace-labels", "payments-prod=env=prod");
        var first = await Revision(serve);
        (await serve.GetAsync("/metrics")).Should().MatchRegex("guardrails_policyset_policies\\{[^}]*\\} 2\\b");

        // Truncate, wait well past the debounce (500 ms), write back: replica-minimum stays in force all along.
        var file = Path.Combine(policies, "replica-minimum", "policy.yaml");
        var text = await File.ReadAllTextAsync(file);
        new FileStream(file, FileMode.Truncate).Dispose();
        await serve.WaitUntilAsync(async () => (await serve.GetAsync("/readyz")).Contains("the file is empty", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await Revision(serve)).Should().Be(first, "the emptied file left the last good set in force");
        (await serve.GetAsync("/metrics")).Should().MatchRegex("guardrails_policyset_policies\\{[^}]*\\} 2\\b");
        await File.WriteAllTextAsync(file, text);
        await serve.WaitUntilAsync(async () => !(await serve.GetAsync("/readyz")).Contains("lastReloadError", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        (await Revision(serve)).Should().Be(first);

        Directory.Delete(Path.Combine(policies, "no-privileged"), recursive: true);
        await serve.WaitUntilAsync(async () => await Revision(serve) != first, TimeSpan.FromSeconds(30));
        // The new set is served first and counted after (the reload's handlers run outside its lock): wait for the count.
        const string Removals = "guardrails_policyset_removals(_total)?\\{[^}]*level=\"policy\"[^}]*\\} 1\\b";
        await serve.WaitUntilAsync(async () => System.Text.RegularExpressions.Regex.IsMatch(await serve.GetAsync("/metrics"), Removals), TimeSpan.FromSeconds(10));
        var metrics = await serve.GetAsync("/metrics");
        metrics.Should().MatchRegex("guardrails_policyset_policies\\{[^}]*\\} 1\\b")
            .And.MatchRegex(Removals)
            .And.NotMatchRegex("guardrails_policyset_reloads(_total)?\\{[^}]*result=\"success\"[^}]*\\} [2-9]", "only the deletion made a new set current");
        await serve.WaitUntilAsync(() => serve.Output.Contains("Policy set reloaded WITHOUT 1 policies [no-privileged]", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Metrics_count_requests_by_webhook_operation_kind_and_decision()
    {
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), "--no-cluster", "--namespace-labels", "payments-prod=env=prod");
        await AdmissionClient.PostFixtureAsync(serve.Client, "validate-create-deployment-ledger.json");
        await AdmissionClient.PostFixtureAsync(serve.Client, "mutate-create-deployment-ledger.json");
        await AdmissionClient.PostAsync(serve.Client, "/validate", Encoding.UTF8.GetBytes("{"));

        var metrics = await serve.GetAsync("/metrics");

        metrics.Should().MatchRegex("guardrails_admission_requests(_total)?\\{[^}]*decision=\"denied\"[^}]*kind=\"Deployment\"[^}]*operation=\"CREATE\"[^}]*webhook=\"validate\"[^}]*\\} 1")
            .And.MatchRegex("guardrails_admission_requests(_total)?\\{[^}]*decision=\"patched\"[^}]*webhook=\"mutate\"[^}]*\\} 1")
            .And.MatchRegex("guardrails_admission_requests(_total)?\\{[^}]*decision=\"bad-request\"[^}]*\\} 1")
            .And.MatchRegex("guardrails_policy_violations(_total)?\\{[^}]*action=\"deny\"[^}]*policy=\"replica-minimum\"[^}]*rule=\"min-replicas\"[^}]*\\} 1")
            .And.Contain("guardrails_admission_duration_seconds_bucket");
        // Standard output is flushed in batches (every 200 ms): wait for the decision line rather than expect it now.
        var decisionLine = new System.Text.RegularExpressions.Regex("admission validate uid=a5aeac23-1fbc-48cb-80ad-220eeaf30ece kind=Deployment object=payments-prod/ledger operation=CREATE .*decision=denied policies=.*replica-minimum");
        await serve.WaitUntilAsync(() => decisionLine.IsMatch(serve.Output), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Traces_and_metrics_are_exported_over_otlp_when_an_endpoint_is_configured()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        await using var serve = await ServeProcess.StartAsync(Path.Combine(_temp, "tls"), environment, "--no-cluster", "--namespace-labels", "payments-prod=env=prod");

        await AdmissionClient.PostFixtureAsync(serve.Client, "validate-create-deployment-ledger.json");

        bool Exported(string path, string text) =>
            collector.Exports.Any(e => e.Path == path && Encoding.UTF8.GetString(e.Body).Contains(text, StringComparison.Ordinal));
        var exported = () => Exported("/v1/traces", "admission validate") && Exported("/v1/metrics", "guardrails.admission.requests");
        await serve.WaitUntilAsync(exported, TimeSpan.FromSeconds(30)).ContinueWith(
            wait => wait.IsFaulted ? throw new TimeoutException($"exports received: {string.Join(", ", collector.Exports.Select(e => $"{e.Path} ({e.Body.Length} B)"))}", wait.Exception) : wait);
        Exported("/v1/traces", "guardrails").Should().BeTrue("the resource names the service");
        Exported("/v1/metrics", "guardrails.policy.violations").Should().BeTrue();
    }

    private static async Task<string> Revision(ServeProcess serve)
    {
        var ready = await serve.GetAsync("/readyz");
        var start = ready.IndexOf("\"revision\": \"", StringComparison.Ordinal) + 13;
        return ready[start..(start + 12)];
    }

    private static void CopyPolicy(string id, string destination)
    {
        var target = Directory.CreateDirectory(Path.Combine(destination, id)).FullName;
        File.Copy(Path.Combine(RepoPaths.Root, "policies", id, "policy.yaml"), Path.Combine(target, "policy.yaml"));
    }
}
