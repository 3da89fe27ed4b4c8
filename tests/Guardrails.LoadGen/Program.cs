using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.LoadGen;

/// <summary>
/// Open-loop (constant-rate) HTTPS load generator for the webhook load benchmark (tests/Guardrails.Benchmarks/webhook-load.sh).
/// Request i is due at t0 + i / rate whatever happened to the earlier ones, and its latency is measured from that due
/// time, not from when it could actually be sent: a server stall shows up in every request it delayed (no coordinated
/// omission). Requests go over a fixed pool of HTTP/1.1 keep-alive connections whose TLS handshakes happen before the
/// measurement. Percentiles are exact, from every recorded latency.
/// With <c>--reroute-when-unready</c> it plays the API server in front of a draining replica: once the readiness probe
/// fails, the endpoint is gone and new connections go to another replica (counted as rerouted, not sent); requests on
/// connections the server keeps open must still be answered. <c>hostile</c> runs the hostile-input checks instead
/// (<see cref="HostileRun"/>), and <c>apiserver</c> times creates through a kube-apiserver (<see cref="ApiServerRun"/>).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: guardrails-loadgen --url URL --body FILE [--ca FILE] [--rate N] [--duration S] [--warmup S]
                                  [--connections N] [--connection-lifetime S] [--reroute-when-unready URL] [--json FILE]
               guardrails-loadgen hostile ... (see guardrails-loadgen hostile --help)
               guardrails-loadgen apiserver ... (see guardrails-loadgen apiserver --help)
          --url          https://127.0.0.1:8443/validate
          --body         the request body (POSTed as application/json)
          --ca           PEM CA certificate(s) to trust for the server (the system store when absent)
          --rate         requests per second (default 1000)
          --duration     measured seconds (default 30)
          --warmup       seconds at the same rate before the measurement, not recorded (default 5)
          --connections  keep-alive connections (default 16); a request waits for a free one, and that wait counts
          --connection-lifetime  seconds a connection is reused before a new one (and a new TLS handshake) replaces
                         it (default: for ever)
          --reroute-when-unready  readiness URL probed every second; once it answers not ready (or twice not at
                         all), the endpoint is out of the Service: new connections count as rerouted to another
                         replica instead of being made, kept-alive ones stay in use
          --json         also write the figures to FILE as JSON
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["hostile", .. var hostileArgs])
        {
            return await HostileRun.MainAsync(hostileArgs).ConfigureAwait(false);
        }

        if (args is ["apiserver", .. var apiServerArgs])
        {
            return await ApiServerRun.MainAsync(apiServerArgs).ConfigureAwait(false);
        }

        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        var body = await File.ReadAllBytesAsync(options.Body).ConfigureAwait(false);
        var endpoint = new Endpoint();
        using var handler = CreateHandler(options, endpoint);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var probing = new CancellationTokenSource();
        var probe = options.RerouteWhenUnready is { } readyz ? ProbeAsync(CreateHandler(options, new Endpoint()), readyz, endpoint, probing.Token) : Task.CompletedTask;

        // Open every connection (TLS handshake included) before anything is timed.
        var opened = await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => SendAsync(client, options.Url, body))).ConfigureAwait(false);
        if (opened.FirstOrDefault(r => r.Error is not null) is { Error: { } openError })
        {
            await Console.Error.WriteLineAsync($"error: {options.Url}: {openError}").ConfigureAwait(false);
            return 1;
        }

        var warmupCount = (int)(options.Rate * options.Warmup);
        var measuredCount = (int)(options.Rate * options.Duration);
        var run = new Run(warmupCount + measuredCount);
        var schedule = new Thread(() => Schedule(client, options, body, run)) { IsBackground = true, Name = "schedule" };
        schedule.Start();
        schedule.Join();
        var all = Task.WhenAll(run.Tasks);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false) != all)
        {
            await Console.Error.WriteLineAsync("error: requests still outstanding 15 s after the last was due").ConfigureAwait(false);
            return 1;
        }

        await probing.CancelAsync().ConfigureAwait(false);
        await probe.ConfigureAwait(false);
        var report = Report.From(options, run, warmupCount);
        Console.WriteLine(report.Text());
        if (options.Json is { } json)
        {
            await File.WriteAllTextAsync(json, report.Json()).ConfigureAwait(false);
        }

        return report.Errors == 0 ? 0 : 1;
    }

    private static SocketsHttpHandler CreateHandler(Options options, Endpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = options.ConnectionLifetime is { } lifetime ? TimeSpan.FromSeconds(lifetime) : Timeout.InfiniteTimeSpan,
            ConnectCallback = endpoint.ConnectAsync,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (options.Ca is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // The host name must match; only the chain is judged against the given CA instead of the system store.
                if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                return chain.Build(leaf);
            };
        }

        return handler;
    }

    // Pod deletion takes the endpoint out of the Service within about a second; /readyz says so at once (it fails
    // while draining), so it is probed every second: a 503 removes the endpoint, and so do two probes in a row
    // without an answer.
    private static async Task ProbeAsync(SocketsHttpHandler handler, Uri readyz, Endpoint endpoint, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var unanswered = 0;
        try
        {
            while (!endpoint.Removed)
            {
                try
                {
                    using var response = await probe.GetAsync(readyz, cancellationToken).ConfigureAwait(false);
                    unanswered = 0;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        endpoint.Remove();
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    if (++unanswered == 2)
                    {
                        endpoint.Remove();
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Starts request i at its due time, on a thread of its own that sleeps with sub-millisecond precision.</summary>
    private static void Schedule(HttpClient client, Options options, byte[] body, Run run)
    {
        PreciseSleep.TightenTimerSlack();
        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        for (var i = 0; i < run.Count; i++)
        {
            var due = start + (long)(i * frequency / options.Rate);
            PreciseSleep.Until(due);
            var index = i;
            run.Tasks[index] = Send(client, options.Url, body, run, index, due);
        }
    }

    private static async Task Send(HttpClient client, Uri url, byte[] body, Run run, int index, long due)
    {
        var sent = Stopwatch.GetTimestamp();
        var result = await SendAsync(client, url, body).ConfigureAwait(false);
        var done = Stopwatch.GetTimestamp();
        run.Latency[index] = done - due;
        run.Service[index] = done - sent;
        run.Lag[index] = sent - due;
        run.Status[index] = result.Status;
        run.Allowed[index] = result.Allowed;
        run.Rerouted[index] = result.Rerouted;
        if (result.Error is { } error)
        {
            run.Errors[index] = error;
        }
    }

    private static readonly byte[] AllowedTrue = "\"allowed\":true"u8.ToArray();

    private static async Task<Result> SendAsync(HttpClient client, Uri url, byte[] body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new(status, answer.AsSpan().IndexOf(AllowedTrue) >= 0, status == 200 ? null : $"HTTP {status}", false);
        }
        catch (Exception ex) when (Endpoint.Rerouted(ex))
        {
            return new(0, false, null, true);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(0, false, ex.GetType().Name + ": " + ex.Message + (ex.InnerException is { } inner ? $" ({inner.Message})" : ""), false);
        }
    }

    private readonly record struct Result(int Status, bool Allowed, string? Error, bool Rerouted);

    /// <summary>What every scheduled request did, by index.</summary>
    private sealed class Run(int count)
    {
        public int Count { get; } = count;
        public Task[] Tasks { get; } = new Task[count];
        public long[] Latency { get; } = new long[count];
        public long[] Service { get; } = new long[count];
        public long[] Lag { get; } = new long[count];
        public int[] Status { get; } = new int[count];
        public bool[] Allowed { get; } = new bool[count];
        public bool[] Rerouted { get; } = new bool[count];
        public string?[] Errors { get; } = new string?[count];
    }

    private sealed record Options(Uri Url, string Body, string? Ca, double Rate, double Duration, double Warmup, int Connections, string? Json,
        double? ConnectionLifetime, Uri? RerouteWhenUnready)
    {
        public static Options Parse(string[] args)
        {
            var values = OptionValues.Parse(args);
            var options = new Options(new Uri(values.Required("url")), values.Required("body"), values.Get("ca"), values.Number("rate") ?? 1000,
                values.Number("duration") ?? 30, values.Number("warmup") ?? 5, (int)(values.Number("connections") ?? 16), values.Get("json"),
                values.Number("connection-lifetime"), values.Get("reroute-when-unready") is { } readyz ? new Uri(readyz) : null);
            values.EnsureAllTaken();
            return options;
        }
    }

    private sealed record Report(Options Options, int Requests, double Seconds, int Errors, int Rerouted, int Allowed, int Denied,
        IReadOnlyList<(string Error, int Count)> ErrorKinds, Dictionary<string, double> Latency, Dictionary<string, double> Service, Dictionary<string, double> Lag)
    {
        private static readonly (string Name, double Quantile)[] Quantiles = [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)];

        public static Report From(Options options, Run run, int skip)
        {
            var n = run.Count - skip;
            var measured = Enumerable.Range(skip, n).ToArray();
            var errors = measured.Count(i => run.Errors[i] is not null);
            var rerouted = measured.Count(i => run.Rerouted[i]);
            var allowed = measured.Count(i => run.Errors[i] is null && !run.Rerouted[i] && run.Allowed[i]);
            var kinds = measured.Where(i => run.Errors[i] is not null).GroupBy(i => run.Errors[i]!, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).OrderByDescending(k => k.Item2).Take(5).ToList();
            // Rerouted requests were never sent here: they have no latency of this server.
            var answered = measured.Where(i => !run.Rerouted[i]).ToArray();
            return new Report(options, n, n / options.Rate, errors, rerouted, allowed, n - errors - rerouted - allowed, kinds,
                Percentiles(run.Latency, answered), Percentiles(run.Service, answered), Percentiles(run.Lag, answered));
        }

        private static Dictionary<string, double> Percentiles(long[] ticks, int[] indexes)
        {
            var sorted = indexes.Select(i => ticks[i]).DefaultIfEmpty(0).ToArray();
            Array.Sort(sorted);
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, quantile) in Quantiles)
            {
                var rank = Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1);
                result[name] = sorted[rank] * 1000.0 / Stopwatch.Frequency;
            }

            result["mean"] = sorted.Average() * 1000.0 / Stopwatch.Frequency;
            return result;
        }

        public string Text()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{Requests} requests at {Options.Rate:0} /s over {Seconds:0.#} s, {Options.Connections} connections, to {Options.Url}: ");
            text.Append(CultureInfo.InvariantCulture, $"{Errors} errors, {Allowed} allowed, {Denied} denied");
            text.Append(Options.RerouteWhenUnready is null ? "\n" : string.Create(CultureInfo.InvariantCulture, $", {Rerouted} rerouted (the endpoint was gone)\n"));
            foreach (var (error, count) in ErrorKinds)
            {
                text.Append(CultureInfo.InvariantCulture, $"  error x{count}: {error}\n");
            }

            Line("latency from due time", Latency);
            Line("service time (sent to answered)", Service);
            Line("send lag (due to sent)", Lag);
            return text.ToString().TrimEnd();

            void Line(string name, Dictionary<string, double> values) =>
                text.Append(CultureInfo.InvariantCulture, $"  {name,-32} ms: ").AppendJoin(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key} {v.Value:0.000}"))).Append('\n');
        }

        public string Json()
        {
            static string Object(Dictionary<string, double> values) =>
                "{" + string.Join(",", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"\"{v.Key}\":{v.Value:0.0000}"))) + "}";

            var kinds = "[" + string.Join(",", ErrorKinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{{\"error\":\"{System.Text.Json.JsonEncodedText.Encode(k.Error)}\",\"count\":{k.Count}}}"))) + "]";
            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"url\":\"{Options.Url}\",\"rate\":{Options.Rate},\"connections\":{Options.Connections},\"requests\":{Requests},\"seconds\":{Seconds},\"errors\":{Errors},\"rerouted\":{Rerouted},\"allowed\":{Allowed},\"denied\":{Denied},\"errorKinds\":{kinds},\"latencyMs\":{Object(Latency)},\"serviceMs\":{Object(Service)},\"lagMs\":{Object(Lag)}}}\n");
        }
    }
}
