using Guardrails.Engine.Format;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// The counts of judged objects, findings, skipped documents and input problems: all the summary line and the exit
/// code need. Tallies add up, so a report that drops each object once it is written still knows the run's totals.
/// </summary>
/// <param name="Objects">Objects judged.</param>
/// <param name="Denied">Objects with a deny finding (and no error).</param>
/// <param name="Warned">Objects whose worst finding is a warning.</param>
/// <param name="Passed">Objects with neither (they may have audit findings).</param>
/// <param name="Errored">Objects the engine could not judge.</param>
/// <param name="PassedWithAudit">Passed objects with audit findings: they fail only a run that fails on audit.</param>
/// <param name="DenyViolations">Deny findings.</param>
/// <param name="WarnViolations">Warn findings.</param>
/// <param name="AuditViolations">Audit findings.</param>
/// <param name="Skipped">Documents skipped (not Kubernetes objects).</param>
/// <param name="InputProblems">Inputs or documents that could not be read.</param>
internal sealed record CheckTally(
    int Objects,
    int Denied,
    int Warned,
    int Passed,
    int Errored,
    int PassedWithAudit,
    int DenyViolations,
    int WarnViolations,
    int AuditViolations,
    int Skipped,
    int InputProblems)
{
    public static CheckTally None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The counts of one input, or of one part of it.</summary>
    public static CheckTally Of(FileReport file)
    {
        int denied = 0, warned = 0, passed = 0, errored = 0, passedWithAudit = 0, deny = 0, warn = 0, audit = 0;
        foreach (var item in file.Objects)
        {
            foreach (var finding in item.Findings)
            {
                switch (finding.Violation.Action)
                {
                    case PolicyAction.Deny:
                        deny++;
                        break;
                    case PolicyAction.Warn:
                        warn++;
                        break;
                    default:
                        audit++;
                        break;
                }
            }

            switch (item.Decision)
            {
                case ObjectDecision.Error:
                    errored++;
                    break;
                case ObjectDecision.Denied:
                    denied++;
                    break;
                case ObjectDecision.Warned:
                    warned++;
                    break;
                default:
                    passed++;
                    passedWithAudit += item.Findings.Count > 0 ? 1 : 0;
                    break;
            }
        }

        return new CheckTally(file.Objects.Count, denied, warned, passed, errored, passedWithAudit, deny, warn, audit, file.Skipped.Count, file.Problems.Count);
    }

    public CheckTally Add(CheckTally other) => new(
        Objects + other.Objects,
        Denied + other.Denied,
        Warned + other.Warned,
        Passed + other.Passed,
        Errored + other.Errored,
        PassedWithAudit + other.PassedWithAudit,
        DenyViolations + other.DenyViolations,
        WarnViolations + other.WarnViolations,
        AuditViolations + other.AuditViolations,
        Skipped + other.Skipped,
        InputProblems + other.InputProblems);

    /// <summary>
    /// The objects that fail a run at <paramref name="failOn"/>, as <see cref="ObjectReport.Fails"/> counts them: every
    /// object not judged, and every object with a finding at that action or above.
    /// </summary>
    public int FailingObjects(PolicyAction failOn) => failOn switch
    {
        PolicyAction.Deny => Errored + Denied,
        PolicyAction.Warn => Errored + Denied + Warned,
        _ => Errored + Denied + Warned + PassedWithAudit,
    };
}
