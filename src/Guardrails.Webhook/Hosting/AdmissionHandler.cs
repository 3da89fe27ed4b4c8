using System.Diagnostics;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Admission;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Hosting;

/// <summary>
/// Answers <c>POST /validate</c> and <c>POST /mutate</c>: reads the review, adapts it into the engine request
/// <c>guardrails check</c> also builds, evaluates within a deadline and writes the review back. Bad input gets 400
/// or 413; an object the engine cannot judge is denied with the reason; an evaluation that failed (its time limit,
/// an internal error) gets 500 so that the API server's failurePolicy decides; nothing here ever answers
/// "allowed" for a request it did not judge.
/// </summary>
internal sealed partial class AdmissionHandler(
    Func<PolicyEngine?> currentEngine,
    INamespaceLabelSource namespaces,
    IAutoscalerSource autoscalers,
    WebhookTelemetry telemetry,
    WebhookOptions options,
    ILogger<AdmissionHandler> logger)
{
    public async Task HandleAsync(HttpContext context, WebhookKind webhook)
    {
        var started = Stopwatch.GetTimestamp();
        var webhookName = webhook == WebhookKind.Validate ? "validate" : "mutate";
        try
        {
            await ReadAndAnswerAsync(context, webhook, webhookName, started).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (the API server's timeout, a closed connection): nobody is left to answer.
            LogAborted(logger, webhookName, ex);
            Record(webhookName, "unknown", "unknown", "aborted", started);
        }
#pragma warning disable CA1031 // The last resort: whatever escaped is answered as not judged, never as an empty 500 or a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, webhookName, ex);
            Record(webhookName, "unknown", "unknown", "error", started);
            await FailClosedAsync(context, ex).ConfigureAwait(false);
        }
    }

    private async Task ReadAndAnswerAsync(HttpContext context, WebhookKind webhook, string webhookName, long started)
    {
        using var activity = telemetry.ActivitySource.StartActivity(webhook == WebhookKind.Validate ? "admission validate" : "admission mutate", ActivityKind.Server);
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBytes).ConfigureAwait(false);
        if (body.ClientGone is { } gone)
        {
            LogAborted(logger, webhookName, gone);
            Record(webhookName, "unknown", "unknown", "aborted", started);
            return;
        }

        if (body.Problem is { } status)
        {
            await WriteProblemAsync(context, status.Code, status.Message).ConfigureAwait(false);
            Record(webhookName, "unknown", "unknown", status.Code == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request", started);
            return;
        }

        try
        {
            var (request, problem) = AdmissionReviewReader.Read(body.Bytes, out var document);
            using (document)
            {
                if (request is null)
                {
                    LogBadRequest(logger, webhookName, problem!);
                    await WriteProblemAsync(context, StatusCodes.Status400BadRequest, problem!).ConfigureAwait(false);
                    Record(webhookName, "unknown", "unknown", "bad-request", started);
                    return;
                }

                activity?.SetTag("k8s.admission.uid", request.Uid);
                await AnswerAsync(context, webhook, webhookName, request, started).ConfigureAwait(false);
            }
        }
        finally
        {
            body.Return();
        }
    }

    private async Task AnswerAsync(HttpContext context, WebhookKind webhook, string webhookName, AdmissionRequest request, long started)
    {
        var operation = OperationName(request.Operation);
        if (currentEngine() is not { } engine)
        {
            await WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "no policy set is loaded yet").ConfigureAwait(false);
            Record(webhookName, operation, request.Kind.Kind, "error", started);
            return;
        }

        // A cluster-scoped object has no namespace to look up (HostRequest gives it no labels and no autoscalers).
        var clusterScoped = HostRequest.IsClusterScoped(request.Namespace);
        var lookup = clusterScoped ? NamespaceLabelLookup.Known(NoLabels) : namespaces.Lookup(request.Namespace);
        var scalers = clusterScoped ? AutoscalerLookup.Known([]) : autoscalers.Lookup(request.Namespace);
        var evaluation = AdmissionAdapter.ToEvaluationRequest(request, lookup.Labels, scalers.Autoscalers, out var scratch);
        EvaluationResult result;
        using (scratch)
        {
            // The engine stops itself at the deadline (checked before each rule) and says so in an error, which is
            // answered with 500 below: no thread hop per review, and no abandoned evaluation burning CPU after it.
            var deadline = AdmissionTimeout.Deadline(context.Request.Query["timeout"], options.EvaluationTimeout);
            result = engine.Evaluate(evaluation with { TimeLimit = deadline });
        }

        var judgement = Verdict.Of(result);
        if (judgement == Judgement.Refused)
        {
            // The object itself cannot be judged (not its kind's shape): the same object always fails, so it is
            // refused with the reason whatever the failurePolicy, never passed unjudged by an Ignore policy.
            var breakGlass = webhook == WebhookKind.Validate && options.BreakGlass;
            await WriteDecisionAsync(context, request, DecisionBuilder.Refuse(request, result, breakGlass)).ConfigureAwait(false);
            Record(webhookName, operation, request.Kind.Kind, Verdict.BreaksGlass(judgement, breakGlass) ? "break-glass" : "denied", started);
            return;
        }

        if (judgement == Judgement.NotJudged)
        {
            // Not judged is not allowed: an error status hands the decision to the API server's failurePolicy.
            var message = "guardrails could not judge the request: " + string.Join("; ", result.Errors.Select(e => e.PolicyId is null ? e.Message : $"[{e.PolicyId}/{e.RuleId}] {e.Message}"));
            LogEvaluationError(logger, request.Uid, message);
            await WriteProblemAsync(context, StatusCodes.Status500InternalServerError, message).ConfigureAwait(false);
            Record(webhookName, operation, request.Kind.Kind, "error", started);
            return;
        }

        var decision = webhook == WebhookKind.Validate ? DecisionBuilder.Validate(request, result, FactsNote(lookup, scalers), options.BreakGlass) : DecisionBuilder.Mutate(result);
        await WriteDecisionAsync(context, request, decision).ConfigureAwait(false);

        var decisionName = webhook == WebhookKind.Mutate ? (decision.Patch.Count > 0 ? "patched" : "unchanged")
            : !decision.Allowed ? "denied" : decision.BrokeGlass ? "break-glass" : decision.Warnings.Count > 0 ? "warned" : "allowed";
        if (webhook == WebhookKind.Validate)
        {
            foreach (var violation in result.Violations)
            {
                telemetry.RecordViolation(violation.PolicyId, violation.RuleId, ActionName(violation.Action));
            }
        }

        var elapsed = Record(webhookName, operation, request.Kind.Kind, decisionName, started);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var policies = string.Join(",", decision.Policies);
            LogDecision(logger, webhookName, request.Uid, request.Kind.Kind, request.Namespace, request.Name ?? "", operation, request.SubResource ?? "",
                request.DryRun, decisionName, policies, elapsed.TotalMilliseconds, engine.Revision);
        }
    }

    // Why facts the engine judged without were unknown, for a denial that rests on an assumption about them.
    private static string? FactsNote(NamespaceLabelLookup namespaceLabels, AutoscalerLookup autoscalers)
    {
        if (namespaceLabels.UnknownReason is null && autoscalers.UnknownReason is null)
        {
            return null;
        }

        var notes = new List<string>(2);
        if (namespaceLabels.UnknownReason is { } labelsReason)
        {
            notes.Add($"Namespace labels were unavailable ({labelsReason}), so namespace selectors were assumed to match");
        }

        if (autoscalers.UnknownReason is { } autoscalersReason)
        {
            notes.Add($"HorizontalPodAutoscalers were unavailable ({autoscalersReason}), so workloads were judged on their own replica count");
        }

        return notes.Count == 0 ? null : string.Join(". ", notes);
    }

    private static async Task WriteDecisionAsync(HttpContext context, AdmissionRequest request, AdmissionDecision decision)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        AdmissionReviewWriter.Write(context.Response.BodyWriter, request, decision);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private TimeSpan Record(string webhook, string operation, string kind, string decision, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        telemetry.RecordRequest(webhook, operation, kind, decision, elapsed);
        return elapsed;
    }

    // Not judged is not allowed: a 500 with the reason hands the decision to the failurePolicy, as for engine errors.
    // An answer already on its way cannot be replaced, so the connection is cut: the client never reads half of one as whole.
    private static async Task FailClosedAsync(HttpContext context, Exception ex)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        try
        {
            context.Response.Clear();
            await WriteProblemAsync(context, StatusCodes.Status500InternalServerError,
                $"guardrails failed on this request ({ex.GetType().Name}), so it was not judged; the error is in the webhook's log").ConfigureAwait(false);
        }
        catch (Exception writeError) when (writeError is IOException or OperationCanceledException or InvalidOperationException)
        {
            context.Abort();
        }
    }

    private static async Task WriteProblemAsync(HttpContext context, int statusCode, string detail)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/problem+json";
        using (var writer = new System.Text.Json.Utf8JsonWriter(context.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("title", statusCode switch
            {
                StatusCodes.Status400BadRequest => "malformed admission review",
                StatusCodes.Status413PayloadTooLarge => "admission review too large",
                StatusCodes.Status503ServiceUnavailable => "not ready",
                _ => "the request could not be judged",
            });
            writer.WriteNumber("status", statusCode);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // The operation as the review spells it, for metrics and the log: constants, no string built per review.
    private static string OperationName(AdmissionOperation operation) => operation switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        AdmissionOperation.Delete => "DELETE",
        AdmissionOperation.Connect => "CONNECT",
        _ => operation.ToString().ToUpperInvariant(),
    };

    private static string ActionName(PolicyAction action) => action switch
    {
        PolicyAction.Deny => "deny",
        PolicyAction.Warn => "warn",
        _ => "audit",
    };

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "admission {Webhook} uid={Uid} kind={Kind} object={Namespace}/{Name} operation={Operation} subresource={SubResource} dryRun={DryRun} decision={Decision} policies={Policies} durationMs={DurationMs:0.###} revision={Revision}")]
    private static partial void LogDecision(ILogger logger, string webhook, string uid, string kind, string @namespace, string name, string operation,
        string subResource, bool dryRun, string decision, string policies, double durationMs, string revision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "admission {Webhook}: malformed review: {Problem}")]
    private static partial void LogBadRequest(ILogger logger, string webhook, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "admission uid={Uid}: {Message}")]
    private static partial void LogEvaluationError(ILogger logger, string uid, string message);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "admission {Webhook}: unexpected failure; answered 500 (not judged)")]
    private static partial void LogUnexpected(ILogger logger, string webhook, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "admission {Webhook}: the client went away before the answer")]
    private static partial void LogAborted(ILogger logger, string webhook, Exception exception);
}
