using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.LoadGen;

/// <summary>
/// <c>guardrails-loadgen hostile</c>: what a hostile or broken client can send, against a running webhook. Each check
/// requires every answer that arrives to be well-formed (<see cref="AdmissionAnswer"/>), the bound the check is about
/// to hold, and the server to answer a good review afterwards. The reliability script samples the server's memory.
/// </summary>
internal static class HostileRun
{
    private const string Usage = """
        usage: guardrails-loadgen hostile --url https://127.0.0.1:8443 --ca FILE --reviews DIR [--cases N] [--seed N]
                                          [--max-bytes N] [--only NAME,...] [--json FILE]
          --reviews    folder of real AdmissionReview bodies (mutate-*.json go to /mutate, the others to /validate)
          --cases      mutated reviews to send (default 20000); --seed their seed (default 1)
          --max-bytes  the server's body limit (default 3211264, serve's default)
          --only       run only these checks: mutations, limits, slow, truncated, nesting, quantities
        """;

    private static readonly string[] AllChecks = ["mutations", "limits", "slow", "truncated", "nesting", "quantities"];

    public static async Task<int> MainAsync(string[] args)
    {
        Settings settings;
        try
        {
            settings = Settings.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        using var client = CreateClient(settings);
        var results = new List<HostileResult>();
        foreach (var check in AllChecks.Where(settings.Only.Contains))
        {
            var started = Stopwatch.StartNew();
            var result = check switch
            {
                "mutations" => await MutationsAsync(settings, client).ConfigureAwait(false),
                "limits" => await LimitsAsync(settings, client).ConfigureAwait(false),
                "slow" => await SlowAsync(settings, client).ConfigureAwait(false),
                "truncated" => await TruncatedAsync(settings).ConfigureAwait(false),
                "nesting" => await NestingAsync(settings, client).ConfigureAwait(false),
                _ => await QuantitiesAsync(settings).ConfigureAwait(false),
            };
            var alive = await AliveAsync(settings, client).ConfigureAwait(false);
            result = result with { Seconds = started.Elapsed.TotalSeconds, ServerAlive = alive };
            results.Add(result);
            Console.WriteLine(result.Line());
        }

        if (settings.Json is { } json)
        {
            await File.WriteAllTextAsync(json, new JsonArray([.. results.Select(r => r.ToJson())]).ToJsonString() + "\n").ConfigureAwait(false);
        }

        return results.All(r => r.Passed) ? 0 : 1;
    }

    // Damaged copies of the real reviews: every answer a well-formed 200, 400 or 413, never a 500 or an empty one.
    private static async Task<HostileResult> MutationsAsync(Settings settings, HttpClient client)
    {
        var reviews = Directory.GetFiles(settings.Reviews, "*.json").Order(StringComparer.Ordinal).Select(path => (Name: Path.GetFileName(path), Body: File.ReadAllBytes(path))).ToArray();
        if (reviews.Length == 0)
        {
            throw new ArgumentException($"no *.json reviews in {settings.Reviews}");
        }

        var outcomes = new Outcomes();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Cases), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (name, review) = reviews[i % reviews.Length];
            var (body, mutation) = new ReviewMutator(settings.Seed + i).Mutate(review);
            var path = name.StartsWith("mutate-", StringComparison.Ordinal) ? "/mutate?timeout=5s" : "/validate?timeout=5s";
            var (status, text, error) = await PostAsync(client, settings.Url, path, body, chunked: false).ConfigureAwait(false);
            outcomes.Add(status, error ?? AdmissionAnswer.Problem(status, text, 200, 400, 413), $"case {i} ({name}; {mutation})");
        }).ConfigureAwait(false);
        return outcomes.Result("mutations", $"{settings.Cases} mutated real reviews (seed {settings.Seed}): every answer a well-formed 200, 400 or 413");
    }

    // The body limit, declared or chunked: up to it judged, beyond it 413 (or cut off unread when far beyond).
    private static async Task<HostileResult> LimitsAsync(Settings settings, HttpClient client)
    {
        var outcomes = new Outcomes();
        foreach (var chunked in new[] { false, true })
        {
            var framing = chunked ? "chunked" : "declared";
            foreach (var (size, expected) in new[] { (settings.MaxBytes - 1, 200), (settings.MaxBytes, 200), (settings.MaxBytes + 1, 413), (settings.MaxBytes * 4, 413), (64L << 20, 413) })
            {
                var (status, text, error) = await PostAsync(client, settings.Url, "/validate?timeout=5s", PaddedReview(settings, size), chunked).ConfigureAwait(false);
                // Far beyond the limit the server stops reading: the client may see the connection end instead of the 413.
                var cutOff = error is not null && size > settings.MaxBytes * 4;
                outcomes.Add(cutOff ? -1 : status, cutOff ? null : error ?? AdmissionAnswer.Problem(status, text, expected), $"{size} bytes {framing}");
            }
        }

        return outcomes.Result("limits", $"bodies of limit-1, limit, limit+1, 4x and 64 MiB, declared and chunked: 200, 200, 413, 413, 413 or cut off (-1)");
    }

    // Slow clients: a trickled body and trickled headers are cut off by the server's rate and header timeouts, while
    // good reviews are answered as usual.
    private static async Task<HostileResult> SlowAsync(Settings settings, HttpClient client)
    {
        var outcomes = new Outcomes();
        var review = File.ReadAllBytes(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json"));
        var slowBodies = Enumerable.Range(0, 16).Select(_ => RawHttps.ExchangeAsync(settings.Url, settings.Authorities, async stream =>
        {
            await stream.WriteAsync(RawHttps.Head(settings.Url, "/validate", $"Content-Length: {review.Length}")).ConfigureAwait(false);
            for (var i = 0; i < review.Length; i++)
            {
                await stream.WriteAsync(review.AsMemory(i, 1)).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                await Task.Delay(500).ConfigureAwait(false);
            }
        }, TimeSpan.FromSeconds(60))).ToArray();
        var slowHeaders = Enumerable.Range(0, 16).Select(_ => RawHttps.ExchangeAsync(settings.Url, settings.Authorities, async stream =>
        {
            var head = RawHttps.Head(settings.Url, "/validate", $"Content-Length: {review.Length}");
            for (var i = 0; i < head.Length; i++)
            {
                await stream.WriteAsync(head.AsMemory(i, 1)).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                await Task.Delay(1000).ConfigureAwait(false);
            }
        }, TimeSpan.FromSeconds(60))).ToArray();

        // Meanwhile the webhook judges as usual.
        var served = Stopwatch.StartNew();
        var times = new List<double>();
        while (served.Elapsed < TimeSpan.FromSeconds(10))
        {
            var each = Stopwatch.StartNew();
            var (status, text, error) = await PostAsync(client, settings.Url, "/validate?timeout=5s", review, chunked: false).ConfigureAwait(false);
            times.Add(each.Elapsed.TotalMilliseconds);
            outcomes.Add(status, error ?? AdmissionAnswer.Problem(status, text, 200), "a good review beside slow clients");
            await Task.Delay(100).ConfigureAwait(false);
        }

        foreach (var (answer, kind) in (await Task.WhenAll(slowBodies).ConfigureAwait(false)).Select(a => (a, "slow body"))
            .Concat((await Task.WhenAll(slowHeaders).ConfigureAwait(false)).Select(a => (a, "slow headers"))))
        {
            // Cut off: closed by the server long before the client would have finished (the body alone takes an hour).
            outcomes.Add(answer.Status ?? -1, RawProblem(answer, 400, 408), $"{kind}, closed after {answer.Elapsed.TotalSeconds:0.0} s");
        }

        times.Sort();
        var median = times[times.Count / 2];
        outcomes.Note(median < 250 ? null : $"good reviews took {median:0} ms (median) beside the slow clients");
        return outcomes.Result("slow", $"16 bodies at 2 bytes/s and 16 header sections at 1 byte/s: cut off by the server (-1: closed without an answer); good reviews meanwhile in {median:0} ms (median), {times[^1]:0} ms at most");
    }

    // Bodies shorter than declared and broken chunking: a well-formed 400, or the connection closed.
    private static async Task<HostileResult> TruncatedAsync(Settings settings)
    {
        var outcomes = new Outcomes();
        var review = File.ReadAllBytes(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json"));
        var cases = new (string Name, Func<Stream, Task> Send)[]
        {
            ("half the declared body, then close", async stream =>
            {
                await stream.WriteAsync(RawHttps.Head(settings.Url, "/validate", $"Content-Length: {review.Length}")).ConfigureAwait(false);
                await stream.WriteAsync(review.AsMemory(0, review.Length / 2)).ConfigureAwait(false);
                await ((SslStream)stream).ShutdownAsync().ConfigureAwait(false);
            }),
            ("a chunk shorter than its size, then close", async stream =>
            {
                await stream.WriteAsync(RawHttps.Head(settings.Url, "/validate", "Transfer-Encoding: chunked")).ConfigureAwait(false);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{review.Length:x}\r\n")).ConfigureAwait(false);
                await stream.WriteAsync(review.AsMemory(0, 100)).ConfigureAwait(false);
                await ((SslStream)stream).ShutdownAsync().ConfigureAwait(false);
            }),
            ("a chunk size that is not hex", async stream =>
            {
                await stream.WriteAsync(RawHttps.Head(settings.Url, "/validate", "Transfer-Encoding: chunked")).ConfigureAwait(false);
                await stream.WriteAsync("zz\r\n{}\r\n0\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
            }),
            ("a body with no final chunk, then close", async stream =>
            {
                await stream.WriteAsync(RawHttps.Head(settings.Url, "/validate", "Transfer-Encoding: chunked")).ConfigureAwait(false);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{review.Length:x}\r\n")).ConfigureAwait(false);
                await stream.WriteAsync(review).ConfigureAwait(false);
                await stream.WriteAsync("\r\n"u8.ToArray()).ConfigureAwait(false);
                await ((SslStream)stream).ShutdownAsync().ConfigureAwait(false);
            }),
        };
        foreach (var (name, send) in cases)
        {
            for (var i = 0; i < 25; i++)
            {
                var answer = await RawHttps.ExchangeAsync(settings.Url, settings.Authorities, send, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                outcomes.Add(answer.Status ?? -1, RawProblem(answer, 400), name);
            }
        }

        return outcomes.Result("truncated", "bodies shorter than declared, short or malformed chunks, no final chunk (25 each): a well-formed 400 or closed (-1)");
    }

    // Deep nesting inside a real review: refused as JSON past the parser's depth, judged below it.
    private static async Task<HostileResult> NestingAsync(Settings settings, HttpClient client)
    {
        var outcomes = new Outcomes();
        var review = File.ReadAllText(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json"));
        foreach (var (depth, open, close, expected) in new[] { (100, "[", "]", 200), (200, "[", "]", 400), (1_000_000, "[", "]", 400), (100_000, "{\"a\":", "}", 400) })
        {
            var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            var body = review.Replace("\"metadata\":{\"name\":\"checkout\"", $"\"metadata\":{{\"deep\":{nested},\"name\":\"checkout\"", StringComparison.Ordinal);
            var (status, text, error) = await PostAsync(client, settings.Url, "/validate?timeout=5s", Encoding.UTF8.GetBytes(body), chunked: false).ConfigureAwait(false);
            outcomes.Add(status, error ?? AdmissionAnswer.Problem(status, text, body.Length > settings.MaxBytes ? 413 : expected), $"depth {depth} of {open}");
        }

        return outcomes.Result("nesting", "arrays nested 100 (judged), 200, 1,000,000 deep and objects 100,000 deep (400, or 413 when over the limit)");
    }

    // Quantities the API server accepts but nothing should expand: answered within the deadline, server unharmed.
    private static async Task<HostileResult> QuantitiesAsync(Settings settings)
    {
        var outcomes = new Outcomes();
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json")))!;
        // The API server's own deadline for the webhook is 5 s here (?timeout=5s); the client waits a little longer.
        using var client = CreateClient(settings, TimeSpan.FromSeconds(8));
        foreach (var (field, value) in new[] { ("cpu", "1e99999999"), ("memory", "1e999999999"), ("cpu", "1e-99999999"), ("memory", new string('9', 100_000)) })
        {
            var copy = review.DeepClone();
            var container = copy["request"]!["object"]!["spec"]!["template"]!["spec"]!["containers"]![0]!;
            container["resources"] ??= new JsonObject();
            container["resources"]!["limits"] ??= new JsonObject();
            container["resources"]!["limits"]![field] = value;
            var started = Stopwatch.StartNew();
            var (status, text, error) = await PostAsync(client, settings.Url, "/validate?timeout=5s", Encoding.UTF8.GetBytes(copy.ToJsonString()), chunked: false).ConfigureAwait(false);
            var problem = error is not null ? $"no answer within {started.Elapsed.TotalSeconds:0.0} s ({error})"
                : AdmissionAnswer.Problem(status, text, 200, 400) ?? (started.Elapsed > TimeSpan.FromSeconds(4) ? $"answered after {started.Elapsed.TotalSeconds:0.0} s, past the 3 s deadline" : null);
            var shown = value.Length > 20 ? $"{value[..6]}...({value.Length} chars)" : value;
            outcomes.Add(status, problem, $"limits.{field}: {shown} in {started.Elapsed.TotalSeconds:0.00} s");
        }

        return outcomes.Result("quantities", "limits.cpu 1e99999999, limits.memory 1e999999999, 1e-99999999, 100,000 nines: a well-formed answer within the deadline");
    }

    // Closed without an answer is fine; an answer is well-formed, or Kestrel's own empty refusal before the webhook saw
    // the request; still open past the client's patience is not.
    private static string? RawProblem(RawHttps.Answer answer, params int[] allowed) =>
        !answer.Closed ? $"still open after {answer.Elapsed.TotalSeconds:0} s"
        : answer.Status is not { } status ? null
        : answer.Body.Length == 0 ? (Array.IndexOf(allowed, status) >= 0 ? null : $"HTTP {status} with no body")
        : AdmissionAnswer.Problem(status, answer.Body, allowed);

    private static async Task<bool> AliveAsync(Settings settings, HttpClient client)
    {
        var review = File.ReadAllBytes(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json"));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (status, _, _) = await PostAsync(client, settings.Url, "/validate?timeout=5s", review, chunked: false).ConfigureAwait(false);
            if (status == 200)
            {
                return true;
            }

            await Task.Delay(1000).ConfigureAwait(false);
        }

        return false;
    }

    private static async Task<(int Status, string Text, string? Error)> PostAsync(HttpClient client, Uri server, string path, byte[] body, bool chunked)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path)) { Content = content };
            request.Headers.TransferEncodingChunked = chunked;
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (0, "", $"no answer: {ex.GetType().Name}: {ex.Message}");
        }
    }

    // A real review padded with an annotation to exactly size bytes.
    private static byte[] PaddedReview(Settings settings, long size)
    {
        var review = JsonNode.Parse(File.ReadAllText(Path.Combine(settings.Reviews, "validate-create-deployment-checkout.json")))!;
        var metadata = review["request"]!["object"]!["metadata"]!;
        metadata["annotations"] ??= new JsonObject();
        metadata["annotations"]!["example.com/padding"] = "";
        var padding = size - Encoding.UTF8.GetByteCount(review.ToJsonString());
        metadata["annotations"]!["example.com/padding"] = new string('x', (int)padding);
        return Encoding.UTF8.GetBytes(review.ToJsonString());
    }

    private static HttpClient CreateClient(Settings settings, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 8,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.AddRange(settings.Authorities);
                    using var leaf = new X509Certificate2(certificate);
                    return chain.Build(leaf);
                },
            },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30), DefaultRequestVersion = HttpVersion.Version11 };
    }

    /// <summary>Answers by status (-1: closed by the server without an answer; 0: no answer, the client gave up or failed) and the malformed ones.</summary>
    private sealed class Outcomes
    {
        private readonly ConcurrentDictionary<int, int> _statuses = new();
        private readonly ConcurrentQueue<string> _problems = new();

        public void Add(int status, string? problem, string what)
        {
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

            if (problem is not null)
            {
                _problems.Enqueue($"{what}: {problem}");
            }
        }

        /// <summary>A problem that is not about one answer.</summary>
        public void Note(string? problem)
        {
            if (problem is not null)
            {
                _problems.Enqueue(problem);
            }
        }

        public HostileResult Result(string name, string what) =>
            new(name, what, new SortedDictionary<int, int>(_statuses), [.. _problems], 0, false);
    }

    private sealed record Settings(Uri Url, X509Certificate2Collection Authorities, string Reviews, int Cases, int Seed, long MaxBytes, HashSet<string> Only, string? Json)
    {
        public static Settings Parse(string[] args)
        {
            var values = OptionValues.Parse(args);
            string? Get(string name) => values.Get(name);
            long Number(string name, long fallback) =>
                Get(name) is { } text ? long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"--{name} must be a positive integer") : fallback;

            var url = new Uri(values.Required("url"));
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(values.Required("ca"));
            var reviews = values.Required("reviews");
            var only = (Get("only") ?? string.Join(',', AllChecks)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            if (only.FirstOrDefault(o => !AllChecks.Contains(o)) is { } unknown)
            {
                throw new ArgumentException($"unknown check {unknown} (known: {string.Join(", ", AllChecks)})");
            }

            var settings = new Settings(url, authorities, reviews, (int)Number("cases", 20_000), (int)Number("seed", 1), Number("max-bytes", 3 * 1024 * 1024 + 64 * 1024), only, Get("json"));
            values.EnsureAllTaken();
            return settings;
        }
    }
}
