using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Guardrails.LoadGen;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// Thousands of damaged copies of the real reviews (invalid UTF-8, lone surrogate escapes, wrong types, cuts), posted
/// to the real server over TLS: every answer is a well-formed 200, 400 or 413 with a body, never a 500 or an empty
/// answer, every one is counted in the metrics, and the server still judges good reviews afterwards.
/// </summary>
[Collection(ExactMetricsGroup.Name)]
public sealed class MutatedReviewTests
{
    private const int Cases = 6000;
    private const int Seed = 20261215;

    [Fact]
    public async Task Every_mutated_review_gets_a_well_formed_answer_and_is_counted()
    {
        await using var server = await RunningWebhook.StartAsync(WebhookFixture.CapturedNamespaceLabels);
        var fixtures = Directory.GetFiles(RepoPaths.AdmissionReviews, "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Name: Path.GetFileName(path), Body: File.ReadAllBytes(path))).ToArray();
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (name, review) = fixtures[i % fixtures.Length];
            var (body, mutation) = new ReviewMutator(Seed + i).Mutate(review);
            var path = name.StartsWith("mutate-", StringComparison.Ordinal) ? "/mutate?timeout=5s" : "/validate?timeout=5s";
            int status;
            string text;
            try
            {
                var answer = await AdmissionClient.PostAsync(server.Client, path, body);
                (status, text) = (answer.Status, answer.Text);
            }
            catch (HttpRequestException ex)
            {
                failures.Enqueue($"case {i} ({name}; {mutation}): no answer: {ex.Message}");
                return;
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (AdmissionAnswer.Problem(status, text, 200, 400, 413) is { } problem)
            {
                failures.Enqueue($"case {i} ({name}; {mutation}): {problem}");
            }
        });

        failures.Should().BeEmpty($"every answer is a well-formed 200, 400 or 413 (answers by status: {Describe(statuses)})");
        statuses.Keys.Should().BeEquivalentTo([200, 400], "the mutations reach both the judging and the rejecting paths");

        var counted = await CountedAsync(server.Client, statuses.Values.Sum());
        counted.Should().Contain(new KeyValuePair<string, long>("bad-request", statuses[400]), "every 400 is counted as a bad request");
        counted.Keys.Should().NotContain("error");

        var (goodStatus, good, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-checkout.json");
        goodStatus.Should().Be(200);
        good!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
    }

    // guardrails_admission_requests by decision, once the scrape shows all of them (the exporter caches a scrape briefly).
    private static async Task<Dictionary<string, long>> CountedAsync(HttpClient client, long expected)
    {
        var line = new Regex("^guardrails_admission_requests(?:_total)?\\{[^}]*decision=\"([^\"]+)\"[^}]*\\} ([0-9]+)", RegexOptions.Multiline);
        Dictionary<string, long> counted = [];
        for (var attempt = 0; attempt < 50 && counted.Values.Sum() != expected; attempt++)
        {
            await Task.Delay(200);
            counted = line.Matches(await client.GetStringAsync("/metrics"))
                .GroupBy(m => m.Groups[1].Value)
                .ToDictionary(g => g.Key, g => g.Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        counted.Values.Sum().Should().Be(expected, "every answered review is counted once:\n" + await client.GetStringAsync("/metrics"));
        return counted;
    }

    private static string Describe(ConcurrentDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
}
