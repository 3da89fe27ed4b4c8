using System.CommandLine;
using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Webhook.BackgroundAudit;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.PolicyReload;
using Microsoft.Extensions.Hosting;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails serve</c>: the validating and mutating admission webhook, with the same policies as <c>check</c>.</summary>
internal static class ServeCommand
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
        var auditInterval = new Option<string?>("--audit-interval") { Description = "Audit the cluster in the background every DURATION (30s, 10m, 1h): one replica at a time through a Lease, PolicyReports replaced and guardrails_audit_* metrics each pass. Off by default." };
        var auditLeaseNamespace = new Option<string?>("--audit-lease-namespace") { Description = "Namespace of the background audit's Lease (guardrails-audit); $POD_NAMESPACE, else default." };
        var auditRate = new Option<double>("--audit-rate") { Description = "Most background audit calls to the API server per second.", DefaultValueFactory = _ => 20 };
        var logFormat = new Option<string>("--log-format") { Description = "json or text.", DefaultValueFactory = _ => "json" };
        logFormat.AcceptOnlyFromAmong("json", "text");

        var command = new Command("serve", "Run the validating (/validate) and mutating (/mutate) admission webhook over HTTPS.");
        foreach (var option in new Option[] { policies, exemptions, address, port, metricsPort, breakGlass, certificate, key, selfSigned, selfSignedNames, selfSignedOut, kubeconfig, noCluster, namespaceLabels, strictNamespaces, drain, shutdown, evaluationTimeout, auditInterval, auditLeaseNamespace, auditRate, logFormat })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var policyPaths = result.GetValue(policies) ?? [];
            var exemptionsPath = result.GetValue(exemptions);
            var namespaceLabelValues = result.GetValue(namespaceLabels) ?? [];
            var (labels, labelErrors) = NamespaceLabelsOption.Parse(namespaceLabelValues);
            var intervalText = result.GetValue(auditInterval);
            TimeSpan? interval = BackgroundAuditOptions.TryParseInterval(intervalText, out var parsed) ? parsed : null;
            var optionErrors = intervalText is not null && interval is null
                ? [.. labelErrors, $"--audit-interval {intervalText} is not a duration (for example 30s, 10m, 1h30m)"]
                : labelErrors;
            void Configure(WebhookOptions options)
            {
                options.Address = result.GetValue(address)!;
                options.Port = result.GetValue(port);
                options.MetricsPort = result.GetValue(metricsPort);
                options.BreakGlass = result.GetValue(breakGlass);
                options.CertificateFile = result.GetValue(certificate);
                options.KeyFile = result.GetValue(key);
                options.SelfSigned = result.GetValue(selfSigned);
                options.SelfSignedNames = result.GetValue(selfSignedNames) is { Length: > 0 } names ? names : ["localhost"];
                options.SelfSignedOutput = result.GetValue(selfSignedOut);
                options.DrainPeriod = TimeSpan.FromSeconds(result.GetValue(drain));
                options.ShutdownTimeout = TimeSpan.FromSeconds(result.GetValue(shutdown));
                options.EvaluationTimeout = TimeSpan.FromSeconds(result.GetValue(evaluationTimeout));
                options.LoadPolicies = () =>
                {
                    var (set, exemptionSet, loadProblems) = PolicySelection.Load(policyPaths, exemptionsPath);
                    return EngineLoadResult.From(set, exemptionSet, loadProblems);
                };
                options.PolicyFiles = [.. PolicySelection.FilePaths(policyPaths), .. exemptionsPath is null ? Array.Empty<string>() : [exemptionsPath]];
                options.PolicySourceDescription = PolicySelection.Describe(policyPaths);
                options.UseCluster = !result.GetValue(noCluster);
                options.Kubeconfig = result.GetValue(kubeconfig);
                options.NamespaceLabels = labels;
                options.StrictNamespaces = result.GetValue(strictNamespaces);
                options.Audit.Interval = interval;
                options.Audit.RequestsPerSecond = result.GetValue(auditRate);
                if (result.GetValue(auditLeaseNamespace) is { } leaseNamespace)
                {
                    options.Audit.LeaseNamespace = leaseNamespace;
                }
            }

            return Run(Configure, optionErrors, namespaceLabelValues.Length > 0, result.GetValue(logFormat) == "text");
        });
        return command;
    }

    private static int Run(Action<WebhookOptions> configure, IReadOnlyList<string> labelErrors, bool namespaceLabelsGiven, bool textLogs)
    {
        var options = new WebhookOptions();
        configure(options);
        // A --namespace-labels value that does not parse still needs --no-cluster.
        var asGiven = namespaceLabelsGiven && options.NamespaceLabels.Count == 0 ? options with { NamespaceLabels = new Dictionary<string, Dictionary<string, string>> { [""] = [] } } : options;
        if ((string[])[.. options.Validate(), .. labelErrors, .. asGiven.ValidateCluster()] is { Length: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return ExitCodes.InputError;
        }

        var builder = GuardrailsWebhookApplication.CreateBuilder();
        builder.Logging.AddGuardrailsWebhookConsole(textLogs ? WebhookLogFormat.Text : WebhookLogFormat.Json);
        builder.Services.AddGuardrailsWebhook(configure);
        var app = builder.Build();
        try
        {
            app.MapGuardrailsWebhook();
            try
            {
                app.Start();
            }
            catch (Exception ex) when (WebhookStartException.Explain(ex, options) is { } failure)
            {
                foreach (var detail in failure.Details)
                {
                    Console.Error.WriteLine(ReportText.Escape(detail));
                }

                Console.Error.WriteLine($"error: {failure.Message}");
                return ExitCodes.InputError;
            }

            app.WaitForShutdown();
            return ExitCodes.Success;
        }
        finally
        {
            // The cluster caches stop asynchronously.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
