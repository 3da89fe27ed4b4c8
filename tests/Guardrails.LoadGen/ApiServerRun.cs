using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Guardrails.LoadGen;

/// <summary>
/// <c>guardrails-loadgen apiserver</c>: creates through a real kube-apiserver, interleaved over namespaces (create i goes
/// to namespace i mod their count), so that a namespace the admission webhooks judge and one they do not are measured in
/// the same moments of a machine whose speed drifts. Sequential (closed loop: one create at a time, timed from its send)
/// or at a fixed rate per namespace (open loop: timed from its due time, so a stall shows in every create it delayed).
/// Every create carries a name of its own, written with its outcome to <c>--names</c>, so the caller can check that the
/// webhooks saw each one. One HTTP/2 connection with a bearer token, as client-go talks to the API server.
/// </summary>
internal static class ApiServerRun
{
    private const string Usage = """
        usage: guardrails-loadgen apiserver --server URL --ca FILE --token-file FILE --body FILE --namespaces A,B
                                            (--sequential N | --rate N --duration S) [--warmup S] [--path TEMPLATE]
                                            [--name-prefix P] [--names FILE] [--json FILE]
          --server       https://127.0.0.1:6443
          --ca           PEM CA certificate(s) the API server's certificate chains to
          --token-file   file holding a bearer token
          --body         the object to create as JSON, without metadata.namespace; every "{name}" in it becomes the
                         name of the create (the prefix and the create's number)
          --namespaces   namespaces, comma-separated; create i goes to namespace i mod their count
          --path         the create's path, "{namespace}" replaced
                         (default /apis/apps/v1/namespaces/{namespace}/deployments?dryRun=All)
          --sequential   N measured creates one after another, each timed from its send (closed loop)
          --rate         creates per second in each namespace, each timed from its due time (open loop), for
          --duration     measured seconds
          --warmup       seconds of the same load before the measurement, not recorded (default 5)
          --name-prefix  prefix of the names (default latency-)
          --names        write "namespace name status latency-ms measured|warm-up" of every create sent, one per line
          --json         also write the figures to FILE as JSON
        """;

    private static readonly (string Name, double Quantile)[] Quantiles = [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)];

    public static async Task<int> MainAsync(string[] args)
    {
        Settings settings;
        string token;
        BodyTemplate body;
        try
        {
            settings = Settings.Parse(args);
            token = (await File.ReadAllTextAsync(settings.TokenFile).ConfigureAwait(false)).Trim();
            body = new BodyTemplate(await File.ReadAllTextAsync(settings.Body).ConfigureAwait(false), settings.NamePrefix);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        using var client = CreateClient(settings, token);
        if (!body.HasName)
        {
            await Console.Error.WriteLineAsync($"error: {settings.Body} holds no \"{{name}}\" to give each create a name of its own").ConfigureAwait(false);
            return 2;
        }

        // The connection and its TLS handshake before anything is timed.
        if (await ProbeAsync(client, settings.Server).ConfigureAwait(false) is { } problem)
        {
            await Console.Error.WriteLineAsync($"error: {settings.Server}: {problem}").ConfigureAwait(false);
            return 1;
        }

        var outcomes = settings.Sequential is { } count
            ? await SequentialAsync(client, settings, body, count).ConfigureAwait(false)
            : await FixedRateAsync(client, settings, body).ConfigureAwait(false);
        if (outcomes is null)
        {
            await Console.Error.WriteLineAsync("error: creates still outstanding 60 s after the last was due").ConfigureAwait(false);
            return 1;
        }

        var report = Report(settings, outcomes);
        Console.WriteLine(Text(settings, report));
        if (settings.Names is { } names)
        {
            await File.WriteAllLinesAsync(names, outcomes.Select(o => string.Create(CultureInfo.InvariantCulture,
                $"{settings.Namespaces[o.Namespace]} {o.Name} {o.Status} {o.Ticks * 1000.0 / Stopwatch.Frequency:0.000} {(o.Recorded ? "measured" : "warm-up")}"))).ConfigureAwait(false);
        }

        if (settings.Json is { } json)
        {
            await File.WriteAllTextAsync(json, report.ToJsonString() + "\n").ConfigureAwait(false);
        }

        return outcomes.All(o => o.Error is null) ? 0 : 1;
    }

    private static async Task<List<Outcome>> SequentialAsync(HttpClient client, Settings settings, BodyTemplate body, int count)
    {
        var outcomes = new List<Outcome>();
        var namespaces = settings.Namespaces.Count;
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(settings.Warmup * Stopwatch.Frequency);
        var index = 0;
        // The warm-up ends at a whole round, so the measured creates are spread evenly over the namespaces.
        while (Stopwatch.GetTimestamp() < warmupEnd || index % namespaces != 0)
        {
            outcomes.Add(await CreateAsync(client, settings, body, index++, Stopwatch.GetTimestamp(), recorded: false).ConfigureAwait(false));
        }

        for (var i = 0; i < count; i++)
        {
            outcomes.Add(await CreateAsync(client, settings, body, index++, Stopwatch.GetTimestamp(), recorded: true).ConfigureAwait(false));
        }

        return outcomes;
    }

    private static async Task<List<Outcome>?> FixedRateAsync(HttpClient client, Settings settings, BodyTemplate body)
    {
        var namespaces = settings.Namespaces.Count;
        var warmupCount = (int)(settings.Rate * settings.Warmup) * namespaces;
        var total = warmupCount + (int)(settings.Rate * settings.Duration) * namespaces;
        var tasks = new Task<Outcome>[total];
        var schedule = new Thread(() =>
        {
            PreciseSleep.TightenTimerSlack();
            var perSecond = settings.Rate * namespaces;
            var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / perSecond);
                PreciseSleep.Until(due);
                tasks[i] = CreateAsync(client, settings, body, i, due, recorded: i >= warmupCount);
            }
        }) { IsBackground = true, Name = "schedule" };
        schedule.Start();
        schedule.Join();
        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false) != all)
        {
            return null;
        }

        return [.. all.Result];
    }

    private static async Task<Outcome> CreateAsync(HttpClient client, Settings settings, BodyTemplate body, int index, long due, bool recorded)
    {
        var space = index % settings.Namespaces.Count;
        var (name, content) = body.For(index);
        var url = new Uri(settings.Server, settings.Path.Replace("{namespace}", settings.Namespaces[space], StringComparison.Ordinal));
        int status;
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            status = (int)response.StatusCode;
            error = status == 201 ? null : $"HTTP {status}: {Shorten(Encoding.UTF8.GetString(answer))}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            status = 0;
            error = ex.GetType().Name + ": " + ex.Message + (ex.InnerException is { } inner ? $" ({inner.Message})" : "");
        }

        return new Outcome(space, name, recorded, Stopwatch.GetTimestamp() - due, status, error);
    }

    private static async Task<string?> ProbeAsync(HttpClient client, Uri server)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(server, "/version")).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? null : $"GET /version answered HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return ex.Message + (ex.InnerException is { } inner ? $" ({inner.Message})" : "");
        }
    }

    private static HttpClient CreateClient(Settings settings, string token)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    // The host name must match; only the chain is judged against the given CA instead of the system store.
                    if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.AddRange(settings.Authorities);
                    return chain.Build(leaf);
                },
            },
        };
        var client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static JsonObject Report(Settings settings, List<Outcome> outcomes)
    {
        var namespaces = new JsonArray();
        for (var space = 0; space < settings.Namespaces.Count; space++)
        {
            var recorded = outcomes.Where(o => o.Recorded && o.Namespace == space).ToArray();
            var failed = outcomes.Where(o => o.Namespace == space && o.Error is not null).ToArray();
            var kinds = new JsonArray([.. failed.GroupBy(o => o.Error!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(3)
                .Select(g => new JsonObject { ["error"] = g.Key, ["count"] = g.Count() })]);
            namespaces.Add(new JsonObject
            {
                ["namespace"] = settings.Namespaces[space],
                ["requests"] = recorded.Length,
                ["created"] = recorded.Count(o => o.Status == 201),
                ["warmup"] = outcomes.Count(o => !o.Recorded && o.Namespace == space),
                ["errors"] = failed.Length,
                ["errorKinds"] = kinds,
                ["latencyMs"] = Percentiles(recorded.Select(o => o.Ticks)),
            });
        }

        return new JsonObject
        {
            ["mode"] = settings.Sequential is null ? "rate" : "sequential",
            ["ratePerNamespace"] = settings.Sequential is null ? settings.Rate : null,
            ["path"] = settings.Path,
            ["namespaces"] = namespaces,
        };
    }

    private static JsonObject Percentiles(IEnumerable<long> ticks)
    {
        var sorted = ticks.DefaultIfEmpty(0).ToArray();
        Array.Sort(sorted);
        var result = new JsonObject();
        foreach (var (name, quantile) in Quantiles)
        {
            var rank = Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1);
            result[name] = Math.Round(sorted[rank] * 1000.0 / Stopwatch.Frequency, 4);
        }

        result["mean"] = Math.Round(sorted.Average() * 1000.0 / Stopwatch.Frequency, 4);
        return result;
    }

    private static string Text(Settings settings, JsonObject report)
    {
        var text = new StringBuilder();
        var how = settings.Sequential is { } count
            ? $"{count} creates one at a time, alternating over the namespaces"
            : string.Create(CultureInfo.InvariantCulture, $"{settings.Rate:0.#} creates/s in each namespace for {settings.Duration:0.#} s, interleaved");
        text.Append(CultureInfo.InvariantCulture, $"{how}, after {settings.Warmup:0.#} s of warm-up, to {settings.Server}{settings.Path.TrimStart('/')}\n");
        foreach (var space in report["namespaces"]!.AsArray())
        {
            var latency = space!["latencyMs"]!.AsObject();
            text.Append(CultureInfo.InvariantCulture, $"  {space["namespace"],-24} {space["created"]} of {space["requests"]} created, {space["errors"]} errors (warm-up included); ms: ")
                .AppendJoin(", ", latency.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value!.GetValue<double>():0.000}")))
                .Append('\n');
            foreach (var kind in space["errorKinds"]!.AsArray())
            {
                text.Append(CultureInfo.InvariantCulture, $"    error x{kind!["count"]}: {kind["error"]}\n");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private readonly record struct Outcome(int Namespace, string Name, bool Recorded, long Ticks, int Status, string? Error);

    /// <summary>The body with a name of its own for each create.</summary>
    private sealed class BodyTemplate(string template, string prefix)
    {
        private readonly string[] _parts = template.Split("{name}");

        public bool HasName => _parts.Length > 1;

        public (string Name, byte[] Body) For(int index)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index:D6}");
            return (name, Encoding.UTF8.GetBytes(string.Join(name, _parts)));
        }
    }

    private sealed record Settings(Uri Server, X509Certificate2Collection Authorities, string TokenFile, string Body, IReadOnlyList<string> Namespaces,
        string Path, int? Sequential, double Rate, double Duration, double Warmup, string NamePrefix, string? Names, string? Json)
    {
        public static Settings Parse(string[] args)
        {
            var values = OptionValues.Parse(args);
            string? Get(string name) => values.Get(name);
            string Required(string name) => values.Required(name);
            double? Number(string name) => values.Number(name, 0, inclusive: true);

            var server = new Uri(Required("server"));
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(Required("ca"));
            var tokenFile = Required("token-file");
            var body = Required("body");
            var namespaces = Required("namespaces").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var path = Get("path") ?? "/apis/apps/v1/namespaces/{namespace}/deployments?dryRun=All";
            var sequential = Number("sequential");
            var rate = Number("rate");
            var duration = Number("duration");
            var settings = new Settings(server, authorities, tokenFile, body, namespaces, path, sequential is { } n ? (int)n : null, rate ?? 0, duration ?? 0,
                Number("warmup") ?? 5, Get("name-prefix") ?? "latency-", Get("names"), Get("json"));
            values.EnsureAllTaken();
            if (namespaces.Length == 0)
            {
                throw new ArgumentException("--namespaces names none");
            }

            var bySequence = sequential is > 0 && rate is null && duration is null;
            var byRate = sequential is null && rate is > 0 && duration is > 0;
            if (!bySequence && !byRate)
            {
                throw new ArgumentException("give either --sequential N, or --rate N and --duration S (all above 0)");
            }

            return settings;
        }
    }
}
