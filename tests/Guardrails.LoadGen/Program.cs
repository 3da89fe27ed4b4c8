using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Guardrails.LoadGen;

/// <summary>
/// Open-loop (constant-rate) HTTPS load generator for the webhook load benchmark (tests/Guardrails.Benchmarks/webhook-load.sh).
/// Request i is due at t0 + i / rate whatever happened to the earlier ones, and its latency is measured from that due
/// time, not from when it could actually be sent: a server stall shows up in every request it delayed (no coordinated
/// omission). Requests go over a fixed pool of HTTP/1.1 keep-alive connections whose TLS handshakes happen before the
/// measurement. Percentiles are exact, from every recorded latency.
/// </summary>
internal static partial class Program
{
    private const string Usage = """
        usage: guardrails-loadgen --url URL --body FILE [--ca FILE] [--rate N] [--duration S] [--warmup S]
                                  [--connections N] [--json FILE]
          --url          https://127.0.0.1:8443/validate
          --body         the request body (POSTed as application/json)
          --ca           PEM CA certificate(s) to trust for the server (the system store when absent)
          --rate         requests per second (default 1000)
          --duration     measured seconds (default 30)
          --warmup       seconds at the same rate before the measurement, not recorded (default 5)
          --connections  keep-alive connections (default 16); a request waits for a free one, and that wait counts
          --json         also write the figures to FILE as JSON
        """;

    public static async Task<int> Main(string[] args)
    {
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
        using var handler = CreateHandler(options);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

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

        var report = Report.From(options, run, warmupCount);
        Console.WriteLine(report.Text());
        if (options.Json is { } json)
        {
            await File.WriteAllTextAsync(json, report.Json()).ConfigureAwait(false);
        }

        return report.Errors == 0 ? 0 : 1;
    }

    private static SocketsHttpHandler CreateHandler(Options options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
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

    /// <summary>Starts request i at its due time, on a thread of its own that sleeps with sub-millisecond precision.</summary>
    private static void Schedule(HttpClient client, Options options, byte[] body, Run run)
    {
        if (OperatingSystem.IsLinux())
        {
            // PR_SET_TIMERSLACK to 1 µs for this thread: nanosleep otherwise wakes up to 50 µs late.
            _ = Prctl(29, 1000, 0, 0, 0);
        }

        var frequency = (double)Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        for (var i = 0; i < run.Count; i++)
        {
            var due = start + (long)(i * frequency / options.Rate);
            while (true)
            {
                var remaining = due - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    break;
                }

                Sleep(remaining * 1_000_000_000.0 / frequency);
            }

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
            return new(status, answer.AsSpan().IndexOf(AllowedTrue) >= 0, status == 200 ? null : $"HTTP {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(0, false, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static void Sleep(double nanoseconds)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, (long)(nanoseconds / 100))));
            return;
        }

        var request = new TimeSpec { Seconds = (long)(nanoseconds / 1e9), Nanoseconds = (long)(nanoseconds % 1e9) };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    private readonly record struct Result(int Status, bool Allowed, string? Error);

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
        public string?[] Errors { get; } = new string?[count];
    }

    private sealed record Options(Uri Url, string Body, string? Ca, double Rate, double Duration, double Warmup, int Connections, string? Json)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"unexpected argument {args[i]}");
                }

                values[args[i][2..]] = args[++i];
            }

            string? Get(string name) => values.Remove(name, out var value) ? value : null;
            double Number(string name, double fallback) =>
                Get(name) is { } text ? double.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw new ArgumentException($"--{name} must be a positive number") : fallback;

            var url = Get("url") ?? throw new ArgumentException("--url is required");
            var body = Get("body") ?? throw new ArgumentException("--body is required");
            var options = new Options(new Uri(url), body, Get("ca"), Number("rate", 1000), Number("duration", 30), Number("warmup", 5),
                (int)Number("connections", 16), Get("json"));
            if (values.Count > 0)
            {
                throw new ArgumentException($"unknown option --{values.Keys.First()}");
            }

            return options;
        }
    }

    private sealed record Report(Options Options, int Requests, double Seconds, int Errors, int Allowed, int Denied, string? FirstError,
        Dictionary<string, double> Latency, Dictionary<string, double> Service, Dictionary<string, double> Lag)
    {
        private static readonly (string Name, double Quantile)[] Quantiles = [("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)];

        public static Report From(Options options, Run run, int skip)
        {
            var n = run.Count - skip;
            var errors = run.Errors.Skip(skip).Count(e => e is not null);
            var allowed = Enumerable.Range(skip, n).Count(i => run.Errors[i] is null && run.Allowed[i]);
            return new Report(options, n, n / options.Rate, errors, allowed, n - errors - allowed,
                run.Errors.Skip(skip).FirstOrDefault(e => e is not null),
                Percentiles(run.Latency, skip), Percentiles(run.Service, skip), Percentiles(run.Lag, skip));
        }

        private static Dictionary<string, double> Percentiles(long[] ticks, int skip)
        {
            var sorted = ticks[skip..];
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
            text.Append(CultureInfo.InvariantCulture, $"{Errors} errors, {Allowed} allowed, {Denied} denied\n");
            if (FirstError is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  first error: {FirstError}\n");
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

            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"url\":\"{Options.Url}\",\"rate\":{Options.Rate},\"connections\":{Options.Connections},\"requests\":{Requests},\"seconds\":{Seconds},\"errors\":{Errors},\"allowed\":{Allowed},\"denied\":{Denied},\"latencyMs\":{Object(Latency)},\"serviceMs\":{Object(Service)},\"lagMs\":{Object(Lag)}}}\n");
        }
    }
}
