using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>The log messages of policy loading and reloading.</summary>
internal static partial class PolicyReloadLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Policy set loaded: revision {Revision}, {PolicyCount} policies, {ExemptionCount} exemptions")]
    public static partial void Loaded(ILogger logger, string revision, int policyCount, int exemptionCount);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The policy set did not load ({ProblemCount} problems); not ready until the files are fixed:\n{Problems}")]
    public static partial void InitialLoadFailed(ILogger logger, int problemCount, string problems);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Policy set reloaded: revision {OldRevision} -> {NewRevision} ({Changed}), {PolicyCount} policies, {ExemptionCount} exemptions")]
    public static partial void Reloaded(ILogger logger, string oldRevision, string newRevision, string changed, int policyCount, int exemptionCount);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Policy files changed but neither the policies nor the exemptions did: revision {Revision}")]
    public static partial void Unchanged(ILogger logger, string revision);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Policy reload failed ({ProblemCount} problems); keeping revision {Revision}:\n{Problems}")]
    public static partial void ReloadFailed(ILogger logger, int problemCount, string revision, string problems);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes ({Reason}); relying on polling")]
    public static partial void CannotWatch(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "File watching of {Folder} failed ({Reason}); reloading to be sure")]
    public static partial void WatchError(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Error, Message = "A handler of the policy reload event failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Policy set reloaded WITHOUT {PolicyCount} policies [{Policies}] and {RuleCount} rules [{Rules}] that revision {OldRevision} enforced; applied (their files were deleted or edited): restore the files if this was not intended")]
    public static partial void Removed(ILogger logger, int policyCount, string policies, int ruleCount, string rules, string oldRevision);
}
