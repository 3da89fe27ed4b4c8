using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Guardrails.EndToEnd.Kubernetes;
using Guardrails.EndToEnd.Webhook;

namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// The test run's control plane: etcd and kube-apiserver from <c>KUBEBUILDER_ASSETS</c>, started once on free loopback
/// ports with a PKI made for the run, token authentication and the admission plugins of a real cluster (webhooks and
/// ServiceAccount included). It writes a kubeconfig, and at the end stops exactly the processes the suite started and
/// removes its folders; a <see cref="Watchdog"/> does the same if the test process dies first. There is no
/// controller-manager: nothing reconciles, Pods never run, and every namespace needs its "default" ServiceAccount made
/// by hand (<see cref="CreateNamespaceAsync"/> does).
/// </summary>
public sealed class TestCluster : IAsyncLifetime, IDisposable
{
    /// <summary>The label that routes a namespace to one webhook registration of the suite (see <see cref="WebhookRegistration"/>).</summary>
    internal const string ScopeLabel = "e2e.guardrails.dev/webhooks";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Lazy<Task<SharedWebhooks>> _shared;
    private readonly Dictionary<string, object> _once = new(StringComparer.Ordinal);
    private ChildProcess? _etcd;
    private ChildProcess? _apiServer;
    private Watchdog? _watchdog;
    private ClusterPki? _pki;
    private ApiServer? _api;
    private string? _root;
    private string? _etcdData;
    private int _namespaces;
    private string _nobodyToken = "";

    public TestCluster() => _shared = new(() => SharedWebhooks.StartAsync(this));

    internal ClusterPki Pki => _pki ?? throw NotStarted();

    internal ApiServer Api => _api ?? throw NotStarted();

    internal Kubectl Kubectl { get; private set; } = null!;

    internal string KubeconfigPath { get; private set; } = "";

    /// <summary>A kubeconfig of the user <c>nobody</c>, who is authenticated but granted nothing (RBAC denies every call).</summary>
    internal string NobodyKubeconfigPath { get; private set; } = "";

    internal string Root => _root ?? throw NotStarted();

    internal ProcessRegistry Processes { get; private set; } = null!;

    internal GuardrailsBinary Guardrails { get; private set; } = null!;

    internal string ApiServerVersion { get; private set; } = "";

    /// <summary>The run's serve instance and the chart's webhooks registered for it in both modes.</summary>
    internal Task<SharedWebhooks> SharedAsync() => _shared.Value;

    /// <summary>
    /// Work that several tests read and the run does once (the fixture corpus in both modes, for example): the first
    /// caller starts it, every caller awaits the same task.
    /// </summary>
    internal Task<T> Once<T>(string key, Func<Task<T>> create)
    {
        lock (_once)
        {
            if (!_once.TryGetValue(key, out var started))
            {
                started = create();
                _once[key] = started;
            }

            return (Task<T>)started;
        }
    }

    public async Task InitializeAsync()
    {
        if (ClusterAssets.SkipReason is not null)
        {
            return;
        }

        if (ClusterAssets.Problem is { } problem)
        {
            throw new InvalidOperationException($"end-to-end suite cannot run: {problem} (a folder with kube-apiserver and etcd; see README), and {ClusterAssets.RequiredVariable}=1 makes that a failure");
        }

        var clock = Stopwatch.StartNew();
        _root = Directory.CreateTempSubdirectory("guardrails-e2e-").FullName;
        // etcd syncs every write to disk; on tmpfs that costs nothing, and the data is thrown away anyway.
        _etcdData = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", Path.GetFileName(_root) + "-etcd") : Path.Combine(_root, "etcd-data");
        Processes = new ProcessRegistry(Path.Combine(_root, "processes"));
        _watchdog = Watchdog.Start(Processes, _root, _etcdData);
        _pki = new ClusterPki();
        Guardrails = GuardrailsBinary.Find();
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var pki = Path.Combine(_root, "pki");
        Directory.CreateDirectory(pki);
        var serving = _pki.IssueServing("kube-apiserver", "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local").WriteTo(pki);
        await File.WriteAllTextAsync(Path.Combine(pki, "ca.crt"), _pki.CaPem);
        await File.WriteAllTextAsync(Path.Combine(pki, "sa.key"), _pki.ServiceAccountPrivateKeyPem);
        await File.WriteAllTextAsync(Path.Combine(pki, "sa.pub"), _pki.ServiceAccountPublicKeyPem);
        // A second user with no role at all, for the paths that must fail plainly when access is denied.
        _nobodyToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await File.WriteAllTextAsync(Path.Combine(pki, "tokens.csv"), $"{token},admin,admin-uid,\"system:masters\"\n{_nobodyToken},nobody,nobody-uid\n");

        var assets = ClusterAssets.Folder!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var etcdPort = await StartEtcdAsync(Path.Combine(assets, "etcd"));
                await StartApiServerAsync(Path.Combine(assets, "kube-apiserver"), etcdPort, pki, serving, token);
                break;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                await StopControlPlaneAsync();
            }
        }

        Kubectl = new Kubectl(Kubectl.Find(assets), KubeconfigPath, Path.Combine(_root, "kubectl-cache"));
        await CreateDefaultServiceAccountsAsync();
        ApiServerVersion = (await Api.GetAsync("/version")).Json?["gitVersion"]?.GetValue<string>() ?? "unknown";
        Record($"kube-apiserver {ApiServerVersion} at {Api.Address} ready in {clock.Elapsed.TotalSeconds:0.0} s; guardrails {Guardrails.Description}");
    }

    /// <summary>A new namespace with <paramref name="labels"/> and its default ServiceAccount; judged by <paramref name="scope"/>'s webhooks when given.</summary>
    internal async Task<string> CreateNamespaceAsync(string prefix, WebhookRegistration? scope, IReadOnlyDictionary<string, string>? labels = null, bool ignored = false)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Interlocked.Increment(ref _namespaces):D4}");
        var all = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (scope is not null)
        {
            all[ScopeLabel] = scope.Id;
        }

        if (ignored)
        {
            all[WebhookRegistration.IgnoreLabel] = "true";
        }

        await Api.CreateNamespaceAsync(name, all);
        return name;
    }

    /// <summary>Starts a guardrails serve instance that lives until the end of the run (or until the test stops it).</summary>
    internal async Task<ServeInstance> StartServeAsync(string name, ServeSettings? settings = null)
    {
        var serve = await ServeInstance.StartAsync(this, name, settings ?? new ServeSettings());
        lock (_owned)
        {
            _owned.Add(serve);
        }

        return serve;
    }

    /// <summary>Registers the chart's webhook configurations for serve instances; removed at the end of the run unless disposed earlier.</summary>
    internal async Task<WebhookRegistration> RegisterAsync(string id, WebhookMode mode, ServeInstance validating, ServeInstance? mutating = null, IReadOnlyList<string>? helmSet = null)
    {
        var registration = await WebhookRegistration.CreateAsync(this, id, mode, validating, mutating ?? validating, helmSet ?? []);
        lock (_owned)
        {
            _owned.Add(registration);
        }

        return registration;
    }

    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        List<IAsyncDisposable> owned;
        lock (_owned)
        {
            owned = [.. _owned];
        }

        owned.Reverse();
        foreach (var item in owned)
        {
            try
            {
                await item.DisposeAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or TaskCanceledException)
            {
                // The cluster goes away next; a registration that could not be deleted goes with it.
            }
        }

        await StopControlPlaneAsync();
        TryDelete(_etcdData);
        TryDelete(_root);
        Dispose();
    }

    public void Dispose()
    {
        _api?.Dispose();
        _pki?.Dispose();
        _watchdog?.Dispose();
    }

    internal static void Record(string line)
    {
        // CI asks for a line from a run that really started the API server, so that a skipped suite cannot pass unseen.
        if (Environment.GetEnvironmentVariable("GUARDRAILS_E2E_RECORD") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + "\n");
        }
    }

    private async Task<int> StartEtcdAsync(string executable)
    {
        var client = FreePort.Next();
        var peer = FreePort.Next();
        TryDelete(_etcdData);
        Directory.CreateDirectory(_etcdData!);
        File.SetUnixFileMode(_etcdData!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] args =
        [
            "--name", "e2e", "--data-dir", _etcdData!,
            "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"e2e=http://127.0.0.1:{peer}", "--initial-cluster-state", "new",
            "--quota-backend-bytes", "2147483648", "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn",
        ];
        _etcd = ChildProcess.Start("etcd", executable, args, Path.Combine(Root, "etcd.log"), Processes);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{client}"), Timeout = TimeSpan.FromSeconds(3) };
        await WaitForAsync(_etcd, async () =>
        {
            try
            {
                var health = await http.GetFromJsonAsync<Dictionary<string, object>>("/health");
                return health is not null && health.TryGetValue("health", out var value) && value?.ToString() == "true";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                return false;
            }
        });
        return client;
    }

    private async Task StartApiServerAsync(string executable, int etcdPort, string pki, (string Certificate, string Key) serving, string token)
    {
        var port = FreePort.Next();
        // The admission plugins of a real cluster, as ../shared/tools/kubernetes/start-cluster.sh enables them.
        const string admission = "NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,Priority,"
            + "PersistentVolumeClaimResize,RuntimeClass,CertificateApproval,CertificateSigning,CertificateSubjectRestriction,DefaultIngressClass,"
            + "PodSecurity,StorageObjectInUseProtection,TaintNodesByCondition,ClusterTrustBundleAttest,MutatingAdmissionWebhook,"
            + "ValidatingAdmissionPolicy,ValidatingAdmissionWebhook,ResourceQuota";
        string[] args =
        [
            $"--etcd-servers=http://127.0.0.1:{etcdPort}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={port}",
            $"--tls-cert-file={serving.Certificate}", $"--tls-private-key-file={serving.Key}",
            $"--client-ca-file={Path.Combine(pki, "ca.crt")}", $"--token-auth-file={Path.Combine(pki, "tokens.csv")}",
            "--authorization-mode=RBAC", "--anonymous-auth=true",
            "--service-cluster-ip-range=10.0.0.0/24",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            $"--service-account-key-file={Path.Combine(pki, "sa.pub")}", $"--service-account-signing-key-file={Path.Combine(pki, "sa.key")}",
            $"--enable-admission-plugins={admission}",
            "--allow-privileged=true",
            "--endpoint-reconciler-type=none",
            // A webhook that names a Service resolves to its Endpoints (there are none) instead of dialling a ClusterIP,
            // which on a machine without kube-proxy would leave loopback.
            "--enable-aggregator-routing=true",
        ];
        _apiServer = ChildProcess.Start("kube-apiserver", executable, args, Path.Combine(Root, "kube-apiserver.log"), Processes);
        var address = new Uri($"https://127.0.0.1:{port}");
        _api = ApiServer.Create(Pki.CreateClient(address, TimeSpan.FromSeconds(60)), token);
        await WaitForAsync(_apiServer, _api.ReadyAsync);
        KubeconfigPath = Path.Combine(Root, "kubeconfig");
        await File.WriteAllTextAsync(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: e2e
              cluster:
                server: {address.ToString().TrimEnd('/')}
                certificate-authority-data: {Pki.CaBundle}
            users:
            - name: admin
              user:
                token: {token}
            contexts:
            - name: e2e
              context:
                cluster: e2e
                user: admin
                namespace: default
            current-context: e2e

            """);
        File.SetUnixFileMode(KubeconfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        NobodyKubeconfigPath = Path.Combine(Root, "kubeconfig-nobody");
        await File.WriteAllTextAsync(NobodyKubeconfigPath, File.ReadAllText(KubeconfigPath).Replace(token, _nobodyToken, StringComparison.Ordinal).Replace("name: admin", "name: nobody", StringComparison.Ordinal).Replace("user: admin", "user: nobody", StringComparison.Ordinal));
        File.SetUnixFileMode(NobodyKubeconfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    // The namespaces the API server made itself need their "default" ServiceAccount too before Pods can be created there.
    private async Task CreateDefaultServiceAccountsAsync()
    {
        foreach (var ns in ApiServer.Require(await Api.GetAsync("/api/v1/namespaces"), "list namespaces").Json!["items"]!.AsArray())
        {
            var name = ns!["metadata"]!["name"]!.GetValue<string>();
            var created = await Api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{name}/serviceaccounts", new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "default" },
            });
            if (!created.IsSuccess && created.Reason != "AlreadyExists")
            {
                ApiServer.Require(created, $"create the default ServiceAccount of {name}");
            }
        }
    }

    private static async Task WaitForAsync(ChildProcess process, Func<Task<bool>> ready)
    {
        var clock = Stopwatch.StartNew();
        while (!await ready())
        {
            if (process.HasExited)
            {
                var log = process.LogTail(40);
                if (log.Contains("address already in use", StringComparison.Ordinal))
                {
                    throw new PortInUseException($"{process.Name}: port in use:\n{log}");
                }

                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode} before it was ready; its log ({process.LogPath}) ends:\n{log}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{process.Name} was not ready within {StartTimeout.TotalSeconds:0} s; its log ends:\n{process.LogTail(40)}");
            }

            await Task.Delay(250);
        }
    }

    private async Task StopControlPlaneAsync()
    {
        if (_apiServer is not null)
        {
            await _apiServer.DisposeAsync();
            _apiServer = null;
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
            _etcd = null;
        }
    }

    private static void TryDelete(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The watchdog removes what is left.
            }
        }
    }

    private static InvalidOperationException NotStarted() => new("the test cluster is not running");

    private sealed class PortInUseException(string message) : Exception(message);
}
