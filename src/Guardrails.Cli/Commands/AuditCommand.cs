using System.CommandLine;
using Guardrails.Cli.Auditing;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Commands;

/// <summary><c>guardrails audit</c>: judges what already runs in a cluster with the same engine, policies and exemptions as the webhook.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var judging = new JudgingOptions("Least action that fails the run: deny or warn.");
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig of the cluster; in-cluster configuration, $KUBECONFIG or ~/.kube/config when not given." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Audit this namespace only (and no cluster-scoped kinds); all namespaces when not given." };
        var selector = new Option<string?>("--selector", "-l") { Description = "Audit only objects matching this label selector (app=web,tier!=cache)." };
        var formats = new Option<string[]>("--format", "-f") { Description = "Report format: text, json, sarif or junit (repeatable, paired in order with --output)." };
        formats.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var outputs = new Option<string[]>("--output", "-o") { Description = "Write the report of the matching --format to this file ('-' for standard output)." };
        var asAction = new Option<string?>("--as") { Description = "What-if: judge every policy as if its action were this (deny)." };
        asAction.AcceptOnlyFromAmong("deny");
        var ownerLabel = new Option<string?>("--owner-label") { Description = "Label that names a workload's owner (team): the summary counts compliance per value (the object's label, else its namespace's)." };
        var writeReports = new Option<bool>("--write-reports") { Description = "Create or replace a wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and a ClusterPolicyReport with the results." };
        var pageSize = new Option<int>("--page-size") { Description = "Objects per list call (limit).", DefaultValueFactory = _ => 500 };
        var timeout = new Option<double>("--timeout-seconds") { Description = "Longest one call to the API server may take.", DefaultValueFactory = _ => 30 };

        var command = new Command("audit", "Audit the objects already in a cluster against the policies; exits 1 on violations at the --fail-on level, 2 on errors (no cluster, access denied, time-outs).");
        foreach (var option in new Option[] { judging.Policies, judging.Exemptions, kubeconfig, ns, selector, formats, outputs, judging.FailOn, asAction, ownerLabel, writeReports, pageSize, timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) =>
        {
            var (policySet, exemptionSet, problems) = PolicySelection.Load(result.GetValue(judging.Policies) ?? [], result.GetValue(judging.Exemptions));
            return policySet is null
                ? Task.FromResult(CommandErrors.PoliciesDoNotLoad(problems, Console.Error))
                : Run(result, policySet, exemptionSet, cancellationToken);
        });
        return command;

        Task<int> Run(ParseResult result, PolicySet policySet, ExemptionSet? exemptionSet, CancellationToken cancellationToken) => AuditRunner.RunAsync(
            new AuditCommandOptions(
                result.GetValue(judging.Policies) ?? [],
                result.GetValue(judging.Exemptions),
                result.GetValue(kubeconfig),
                result.GetValue(ns),
                result.GetValue(selector),
                result.GetValue(formats) ?? [],
                result.GetValue(outputs) ?? [],
                result.GetValue(judging.FailOn) == "warn" ? PolicyAction.Warn : PolicyAction.Deny,
                result.GetValue(asAction) == "deny",
                result.GetValue(ownerLabel),
                result.GetValue(writeReports),
                result.GetValue(pageSize),
                TimeSpan.FromSeconds(result.GetValue(timeout))),
            policySet,
            exemptionSet,
            Console.OpenStandardOutput,
            Console.Error,
            TextStyle.ForConsole(),
            cancellationToken);
    }
}
