using System.Diagnostics.Metrics;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;
using Guardrails.Fuzz.Oracles;
using Guardrails.Webhook.Autoscalers;
using Guardrails.Webhook.Hosting;
using Guardrails.Webhook.Namespaces;
using Guardrails.Webhook.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Fuzz.Targets;

/// <summary>
/// The webhook's path from body bytes to the written answer, without Kestrel: the real <see cref="AdmissionHandler"/>
/// (body read under the limit, review reader, adapter, engine with the built-in pack, decision builder, review
/// writer) for <c>/validate</c> and for <c>/mutate</c>. Any exception escaping it is a crash (Kestrel would answer
/// 500 with an empty body); an answer outside the webhook's contract, or an allowed review that
/// <see cref="MustDenyOracle"/> says the pack must deny, is a finding.
/// </summary>
internal sealed class AdmissionTarget : FuzzTarget
{
    public const string TargetName = "admission";

    /// <summary>The namespace that the static labels mark as production (as CI's <c>serve --namespace-labels</c>).</summary>
    public const string ProductionNamespace = "payments-prod";

    private static readonly Dictionary<string, Dictionary<string, string>> NamespaceLabels = new(StringComparer.Ordinal)
    {
        [ProductionNamespace] = new(StringComparer.Ordinal) { ["env"] = "prod" },
    };

    private readonly AdmissionHandler _handler;

    /// <summary>A target judging with <paramref name="policies"/>; the built-in pack when null.</summary>
    public AdmissionTarget(PolicySet? policies = null)
    {
        var engine = new PolicyEngine(policies ?? BuiltInPack.Load());
#pragma warning disable CA2000 // The telemetry lives as long as the target, which lives as long as the process.
        var telemetry = new WebhookTelemetry(new PlainMeterFactory());
#pragma warning restore CA2000
        _handler = new AdmissionHandler(() => engine, new StaticNamespaceLabels(NamespaceLabels, strict: false), StaticAutoscalers.None, telemetry, new WebhookOptions(),
            NullLogger<AdmissionHandler>.Instance);
    }

    public override string Name => TargetName;

    // The webhook's evaluation deadline is 3 s; past 5 s an answer is a hang.
    public override TimeSpan Bound => TimeSpan.FromSeconds(5);

    public override void Run(byte[] input)
    {
        var validate = Answer(input, WebhookKind.Validate);
        CheckContract(validate, "/validate");
        if (validate.Allowed == true && MustDenyOracle.Reasons(input) is { Count: > 0 } reasons)
        {
            throw new FuzzFinding($"/validate allowed a review the built-in pack must deny: {string.Join("; ", reasons)}");
        }

        var mutate = Answer(input, WebhookKind.Mutate);
        CheckContract(mutate, "/mutate");
        if (mutate.Allowed == false && (validate.Allowed != false || mutate.Detail != validate.Detail))
        {
            // The mutating webhook denies only what neither webhook can judge, and then as the validating one does.
            throw new FuzzFinding($"/mutate answered allowed: false ({mutate.Detail}) where /validate did not refuse the object the same way ({validate.Detail})");
        }
    }

    private WebhookAnswer Answer(byte[] input, WebhookKind webhook)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = input.Length;
        context.Request.Body = new MemoryStream(input, writable: false);
        var response = new MemoryStream();
        context.Response.Body = response;
        _handler.HandleAsync(context, webhook).GetAwaiter().GetResult();
        return WebhookAnswer.Read(context.Response.StatusCode, response.ToArray());
    }

    private static void CheckContract(WebhookAnswer answer, string endpoint)
    {
        if (answer.Problem is { } problem)
        {
            throw new FuzzFinding($"{endpoint} answered {answer.Status} outside the webhook's contract: {problem}");
        }

        if (answer.Detail is { } detail && detail.Contains("internal error while evaluating", StringComparison.Ordinal))
        {
            // The engine caught its own exception and failed closed, but an exception inside Evaluate is a bug.
            throw new FuzzFinding($"{endpoint}: the engine threw while evaluating: {detail}");
        }

        if (answer.Detail is { } failure && failure.StartsWith("guardrails failed on this request", StringComparison.Ordinal))
        {
            // The handler's last resort caught an exception and failed closed; the exception itself is a bug.
            throw new FuzzFinding($"{endpoint}: an exception reached the handler's last resort: {failure}");
        }
    }

    /// <summary>Creates meters without a host; nothing listens to them here.</summary>
    private sealed class PlainMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
