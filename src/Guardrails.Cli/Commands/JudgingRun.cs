using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Commands;

/// <summary>
/// What <c>check</c> and <c>fix</c> judge with once their settings are read: the engine of the loaded policies, the
/// request and the inputs the paths expand to. <see cref="Prepare"/> is the step both commands share.
/// </summary>
/// <param name="Engine">The engine of the loaded policies and exemptions.</param>
/// <param name="PolicyFile">Where the policies came from, as reports name it.</param>
/// <param name="Request">What to judge and in which namespace context.</param>
/// <param name="Collected">The inputs the paths expand to.</param>
internal sealed record JudgingRun(PolicyEngine Engine, string PolicyFile, CheckRequest Request, CollectedInputs Collected)
{
    /// <summary>
    /// Parses the namespace labels, loads the policies, builds the request and collects the inputs, printing on
    /// <paramref name="errors"/> what is wrong (with the command's own <paramref name="usageErrors"/>, and
    /// <paramref name="missingInput"/> when it found there is nothing to read) and the paths left out. Null, with the
    /// exit code, when the command cannot run.
    /// </summary>
    public static (JudgingRun? Run, int Exit) Prepare(JudgingSettings settings, IReadOnlyList<string> usageErrors, string? missingInput, TextWriter errors)
    {
        var (labels, labelErrors) = NamespaceLabelsOption.Parse(settings.NamespaceLabels);
        if (labelErrors.Count > 0 || usageErrors.Count > 0)
        {
            foreach (var error in labelErrors.Concat(usageErrors))
            {
                errors.WriteLine($"error: {error}");
            }

            return (null, ExitCodes.InputError);
        }

        if (missingInput is not null)
        {
            errors.WriteLine($"error: {missingInput}");
            return (null, ExitCodes.InputError);
        }

        var (policySet, exemptionSet, problems) = PolicySelection.Load(settings.Policies, settings.Exemptions);
        if (policySet is null)
        {
            return (null, CommandErrors.PoliciesDoNotLoad(problems, errors));
        }

        var engine = new PolicyEngine(policySet, exemptionSet);
        BuiltInPackPrefetch.WarmUp(engine);
        var request = new CheckRequest(settings.Paths, settings.Namespace, labels, settings.StrictNamespaces, settings.FailOn);
        var collected = CheckRunner.Collect(request);
        CommandErrors.Skipped(collected, errors);
        return (new JudgingRun(engine, PolicySelection.Describe(settings.Policies), request, collected), ExitCodes.Success);
    }
}
