using System.CommandLine;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Policies;
using Guardrails.Cli.Reporting;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Policies;
using Guardrails.Webhook.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails serve</c>: the validating and mutating admission webhook, with the same policies as <c>check</c>.</summary>
internal static partial class ServeCommand
{
    public static Command Create()
    {
        var policies = new Option<string[]>("--policies", "-p") { Description = "Policy folder or file (repeatable, watched and hot-reloaded); `built-in` names the pack inside the binary, the default when none is given." };
        var exemptions = new Option<string?>("--exemptions", "-e") { Description = "Exemptions file (watched and hot-reloaded)." };
        var address = new Option<string>("--address") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var port = new Option<int>("--port") { Description = "HTTPS port.", DefaultValueFactory = _ => 8443 };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Plain-HTTP port serving only /metrics, /healthz and /readyz (for Prometheus); none by default." };
        var breakGlass = new Option<bool>("--break-glass") { Description = "Admit every request: each would-be denial becomes a warning and a break-glass audit annotation. For a cluster a policy locks." };
        var certificate = new Option<string?>("--tls-cert") { Description = "PEM certificate chain (the Secret's tls.crt); reloaded when it changes." };
        var key = new Option<string?>("--tls-key") { Description = "PEM private key (the Secret's tls.key)." };
        var selfSigned = new Option<bool>("--self-signed") { Description = "Generate a CA and a serving certificate for local use and print the CA bundle for caBundle." };
        var selfSignedNames = new Option<string[]>("--self-signed-name") { Description = "DNS name for the self-signed certificate (repeatable; default localhost)." };
        var selfSignedOut = new Option<string?>("--self-signed-out") { Description = "Folder to write the self-signed ca.crt, tls.crt and tls.key to." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig for reading namespace labels and HorizontalPodAutoscalers; in-cluster configuration, $KUBECONFIG or ~/.kube/config when not given." };
        var noCluster = new Option<bool>("--no-cluster") { Description = "Do not read the cluster: namespace labels come from --namespace-labels, and no workload has a HorizontalPodAutoscaler." };
        var namespaceLabels = new Option<string[]>("--namespace-labels") { Description = $"With --no-cluster: labels of a namespace, as {NamespaceLabelsOption.Syntax} (repeatable)." };
        var strictNamespaces = new Option<bool>("--strict-namespaces") { Description = "With --no-cluster: namespaces not configured have unknown labels (every namespace selector is assumed to match)." };
        var drain = new Option<double>("--drain-seconds") { Description = "After SIGTERM, seconds to keep serving while not ready.", DefaultValueFactory = _ => 5 };
        var shutdown = new Option<double>("--shutdown-timeout-seconds") { Description = "After draining, seconds allowed for requests in flight.", DefaultValueFactory = _ => 10 };
        var evaluationTimeout = new Option<double>("--evaluation-timeout-seconds") { Description = "Longest an evaluation may take (less when the API server's timeout is shorter).", DefaultValueFactory = _ => 3 };
        var logFormat = new Option<string>("--log-format") { Description = "json or text.", DefaultValueFactory = _ => "json" };
        logFormat.AcceptOnlyFromAmong("json", "text");
        var baseline = new Option<bool>("--baseline-endpoint") { Description = "Benchmarking only: also serve POST /baseline, which reads the body and answers without judging.", Hidden = true };

        var command = new Command("serve", "Run the validating (/validate) and mutating (/mutate) admission webhook over HTTPS.");
        foreach (var option in new Option[] { policies, exemptions, address, port, metricsPort, breakGlass, certificate, key, selfSigned, selfSignedNames, selfSignedOut, kubeconfig, noCluster, namespaceLabels, strictNamespaces, drain, shutdown, evaluationTimeout, logFormat, baseline })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var options = new WebhookOptions
            {
                Address = result.GetValue(address)!,
                Port = result.GetValue(port),
                MetricsPort = result.GetValue(metricsPort),
                BreakGlass = result.GetValue(breakGlass),
                CertificateFile = result.GetValue(certificate),
                KeyFile = result.GetValue(key),
                SelfSigned = result.GetValue(selfSigned),
                SelfSignedNames = result.GetValue(selfSignedNames) is { Length: > 0 } names ? names : ["localhost"],
                SelfSignedOutput = result.GetValue(selfSignedOut),
                DrainPeriod = TimeSpan.FromSeconds(result.GetValue(drain)),
                ShutdownTimeout = TimeSpan.FromSeconds(result.GetValue(shutdown)),
                EvaluationTimeout = TimeSpan.FromSeconds(result.GetValue(evaluationTimeout)),
                BaselineEndpoint = result.GetValue(baseline),
            };
            return Run(options, result.GetValue(policies) ?? [], result.GetValue(exemptions), result.GetValue(kubeconfig), result.GetValue(noCluster),
                result.GetValue(namespaceLabels) ?? [], result.GetValue(strictNamespaces), result.GetValue(logFormat) == "text");
        });
        return command;
    }

    private static int Run(WebhookOptions options, string[] policyPaths, string? exemptionsPath, string? kubeconfig, bool noCluster, string[] namespaceLabelValues, bool strict, bool textLogs)
    {
        var (labels, labelErrors) = NamespaceLabelsOption.Parse(namespaceLabelValues);
        var problems = options.Validate().Concat(labelErrors).ToList();
        if (!noCluster && (namespaceLabelValues.Length > 0 || strict))
        {
            problems.Add("--namespace-labels and --strict-namespaces need --no-cluster (in a cluster the labels come from the cluster)");
        }

        if (noCluster && kubeconfig is not null)
        {
            problems.Add("--kubeconfig and --no-cluster exclude each other");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return ExitCodes.InputError;
        }

        using var output = BufferedStandardOutput.Install(TimeSpan.FromMilliseconds(200));
        using var loggerFactory = LoggerFactory.Create(logging => ConfigureLogging(logging, textLogs));
        var startupLogger = loggerFactory.CreateLogger("Guardrails.Serve");
        using var provider = new PolicySetProvider(
            () =>
            {
                var (set, exemptionSet, loadProblems) = PolicySources.Load(policyPaths, exemptionsPath);
                return PolicyLoadOutcome.From(set, exemptionSet, loadProblems);
            },
            [.. PolicySources.FilePaths(policyPaths), .. exemptionsPath is null ? Array.Empty<string>() : [exemptionsPath]],
            loggerFactory.CreateLogger<PolicySetProvider>(),
            TimeProvider.System);
        var loadProblems = provider.LoadInitial();
        if (loadProblems.Count > 0)
        {
            foreach (var problem in loadProblems)
            {
                Console.Error.WriteLine(ReportText.Escape(problem.ToString()));
            }

            Console.Error.WriteLine($"error: the policies do not load ({loadProblems.Count} problem{(loadProblems.Count == 1 ? "" : "s")})");
            return ExitCodes.InputError;
        }

        INamespaceLabelSource namespaces;
        IAutoscalerSource autoscalers;
        try
        {
            if (noCluster)
            {
                namespaces = new StaticNamespaceLabels(labels, strict);
                autoscalers = StaticAutoscalers.None;
            }
            else
            {
                var connection = ClusterConnection.Load(kubeconfig);
                namespaces = new ClusterNamespaceLabels(connection, loggerFactory.CreateLogger<ClusterNamespaceLabels>());
                autoscalers = new ClusterAutoscalers(connection, loggerFactory.CreateLogger<ClusterAutoscalers>());
            }
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: no cluster configuration ({ex.Message}); give --kubeconfig, run in a pod, or use --no-cluster");
            return ExitCodes.InputError;
        }

        ServingCertificate certificate;
        try
        {
            certificate = options.SelfSigned
                ? SelfSigned(options, loggerFactory.CreateLogger<ServingCertificate>())
                : ServingCertificate.FromFiles(options.CertificateFile!, options.KeyFile!, loggerFactory.CreateLogger<ServingCertificate>());
        }
        catch (CertificateLoadException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.InputError;
        }

        using (certificate)
        {
            using var stopping = new CancellationTokenSource();
            (namespaces as ClusterNamespaceLabels)?.Start(stopping.Token);
            (autoscalers as ClusterAutoscalers)?.Start(stopping.Token);
            // A failure to start is said once, below, in one line: the host's own log of it carries a stack trace.
            var starting = true;
            using var app = WebhookServer.Build(options, provider, namespaces, autoscalers, certificate, logging =>
            {
                ConfigureLogging(logging, textLogs);
                logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Information && !(starting && level >= LogLevel.Error));
            });
            try
            {
                try
                {
                    app.Start();
                }
                catch (Exception ex) when (ListenFailure.Describe(ex, options) is { } reason)
                {
                    Console.Error.WriteLine($"error: {reason}");
                    return ExitCodes.InputError;
                }

                starting = false;
                var source = PolicySources.Describe(policyPaths);
                LogStarting(startupLogger, options.Address, options.Port, source, provider.Current!.Revision, namespaces.Description, autoscalers.Description);
                if (options.BreakGlass)
                {
                    LogBreakGlass(startupLogger);
                }

                app.WaitForShutdown();
                return ExitCodes.Success;
            }
            finally
            {
                stopping.Cancel();
                if (namespaces is ClusterNamespaceLabels cluster)
                {
                    cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                if (autoscalers is ClusterAutoscalers clusterAutoscalers)
                {
                    clusterAutoscalers.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    private static ServingCertificate SelfSigned(WebhookOptions options, ILogger<ServingCertificate> logger)
    {
        var generated = SelfSignedCertificates.Create(options.SelfSignedNames);
        if (options.SelfSignedOutput is { } folder)
        {
            generated.WriteTo(folder);
        }

        Console.Out.WriteLine("# guardrails: self-signed CA for local use. Put this into caBundle of the webhook configurations:");
        Console.Out.WriteLine($"caBundle: {generated.CaBundleBase64}");
        return ServingCertificate.FromCertificate(generated.ServingCertificate, "self-signed", logger);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool text)
    {
        logging.ClearProviders();
        // One line per decision is the webhook's own log; ASP.NET Core's per-request lines would triple it.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (text)
        {
            logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            logging.AddJsonConsole(json => { json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; json.UseUtcTimestamp = true; });
        }

        // A decision line per review: written by the request's thread into the batched standard output, not queued
        // for the console logger's own thread.
        logging.UseSynchronousConsole();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "guardrails serve: https://{Address}:{Port} policies {Source} @ {Revision}, namespaces {Namespaces}, autoscalers {Autoscalers}")]
    private static partial void LogStarting(ILogger logger, string address, int port, string source, string revision, string namespaces, string autoscalers);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "guardrails serve: break glass is on: every request is admitted; would-be denials are warnings and break-glass audit annotations")]
    private static partial void LogBreakGlass(ILogger logger);
}
