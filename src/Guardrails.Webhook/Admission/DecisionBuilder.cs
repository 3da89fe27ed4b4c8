using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;

namespace Guardrails.Webhook.Admission;

/// <summary>
/// Presents an engine result as an admission answer: deny violations in one readable denial, warn violations as
/// warnings, audit violations and applied exemptions as audit annotations, and the engine's patch for mutation.
/// </summary>
internal static class DecisionBuilder
{
    private const int MaxMessageLength = 12 * 1024;
    private const int MaxAnnotationValue = 1024;

    private static readonly AdmissionDecision NothingFound = new(true, null, [], [], [], []);

    /// <summary>The validating webhook's answer.</summary>
    /// <param name="request">The request.</param>
    /// <param name="result">The engine's result (without errors: the host answers those with an error status).</param>
    /// <param name="factsNote">Why facts were unknown (namespace labels, autoscalers), when they were; added to a denial that rests on an assumption.</param>
    /// <param name="breakGlass">Admit what would be denied, with the denials as warnings and an audit annotation.</param>
    public static AdmissionDecision Validate(AdmissionRequest request, EvaluationResult result, string? factsNote, bool breakGlass = false)
    {
        if (result.Violations.Count == 0 && result.Exemptions.Count == 0)
        {
            // Nothing found and nothing exempted, the commonest answer: allowed with nothing to say.
            return NothingFound;
        }

        var judgement = Verdict.Of(result);
        var denials = result.Violations.Where(v => v.Action == PolicyAction.Deny).ToList();
        var warnings = new WarningBudget();
        var brokeGlass = Verdict.BreaksGlass(judgement, breakGlass);
        if (brokeGlass)
        {
            // Denials first: under break glass they are what the user most needs to see.
            foreach (var violation in denials)
            {
                warnings.Add("break-glass", $"would deny [{violation.PolicyId}/{violation.RuleId}] {violation.Message}");
            }
        }

        foreach (var violation in result.Violations.Where(v => v.Action == PolicyAction.Warn))
        {
            warnings.Add(Tag(violation.PolicyId, violation.RuleId), violation.Message);
        }

        foreach (var use in result.Exemptions.Where(e => e.Status != ExemptionStatus.Applied))
        {
            if (use.Status == ExemptionStatus.Expired)
            {
                warnings.Add(Tag(use.PolicyId, use.RuleId), $"exemption expired on {use.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({use.Entry}); the finding stands");
            }
            else
            {
                // Kept whole: why the annotation was refused is what the user must change.
                warnings.AddWhole(Tag(use.PolicyId, use.RuleId), $"the exemption annotation is refused: {use.Refusal ?? "no exemption entry allows it"}; the finding stands");
            }
        }

        var annotations = new List<KeyValuePair<string, string>>();
        foreach (var group in result.Violations.Where(v => v.Action == PolicyAction.Audit).GroupBy(v => (v.PolicyId, v.RuleId)))
        {
            annotations.Add(new(AnnotationKey("audit", group.Key.PolicyId, group.Key.RuleId), Clip(string.Join("; ", group.Select(v => v.Message)), MaxAnnotationValue)));
        }

        foreach (var group in result.Exemptions.Where(e => e.Status == ExemptionStatus.Applied).GroupBy(e => (e.PolicyId, e.RuleId)))
        {
            var use = group.First();
            var expires = use.Expires is { } date ? $", until {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : string.Empty;
            annotations.Add(new(AnnotationKey("exempt", use.PolicyId, use.RuleId), Clip($"{use.Reason} ({use.Owner ?? use.Source.ToString().ToLowerInvariant()}{expires}; {use.Entry})", MaxAnnotationValue)));
        }

        if (brokeGlass)
        {
            annotations.Add(new("break-glass", Clip(DenialMessage(request, denials, factsNote), MaxAnnotationValue)));
        }

        var policies = result.Violations.Select(v => v.PolicyId).Distinct(StringComparer.Ordinal).ToList();
        var denied = !Verdict.Admits(judgement, breakGlass);
        return new AdmissionDecision(
            !denied,
            denied ? DenialMessage(request, denials, factsNote) : null,
            warnings.Result(),
            annotations,
            [],
            policies)
        { BrokeGlass = brokeGlass };
    }

    /// <summary>
    /// The mutating webhook's answer: always allowed, with the engine's combined patch; every field it sets is
    /// announced as a warning (kubectl prints it) and recorded as an audit annotation, so no change is silent.
    /// </summary>
    public static AdmissionDecision Mutate(EvaluationResult result)
    {
        var warnings = new WarningBudget();
        foreach (var applied in result.Changes)
        {
            warnings.AddWhole(Tag(applied.PolicyId, applied.RuleId), applied.Change.Describe());
        }

        var annotations = result.Changes
            .GroupBy(c => (c.PolicyId, c.RuleId))
            .Select(g => new KeyValuePair<string, string>(AnnotationKey("mutated", g.Key.PolicyId, g.Key.RuleId), Clip(string.Join("; ", g.Select(c => c.Compact())), MaxAnnotationValue)))
            .ToList();
        return new(true, null, warnings.Result(), annotations, result.Patch, [.. result.Changes.Select(c => c.PolicyId).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The answer of either webhook for an object the engine cannot judge (<see cref="EvaluationError.ObjectRefused"/>):
    /// refused with the reason, never patched and never passed unjudged; break glass admits it with the reason as a warning.
    /// </summary>
    public static AdmissionDecision Refuse(AdmissionRequest request, EvaluationResult result, bool breakGlass = false)
    {
        var message = Clip($"guardrails denied {Describe(request)}: {string.Join("; ", result.Errors.Select(e => e.Message))}", MaxMessageLength);
        if (Verdict.Admits(Judgement.Refused, breakGlass))
        {
            var warnings = new WarningBudget();
            warnings.AddWhole("break-glass", "would deny: " + message);
            return new AdmissionDecision(true, null, warnings.Result(), [new("break-glass", Clip(message, MaxAnnotationValue))], [], []) { BrokeGlass = true };
        }

        return new AdmissionDecision(false, message, [], [], [], []);
    }

    /// <summary><c>guardrails denied Deployment shop/web: [policy/rule] container web ... (fix: ...); ...</c></summary>
    private static string DenialMessage(AdmissionRequest request, List<Violation> denials, string? factsNote)
    {
        var message = new StringBuilder("guardrails denied ").Append(Describe(request)).Append(": ");
        var fixesShown = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < denials.Count; i++)
        {
            var violation = denials[i];
            var part = new StringBuilder(i == 0 ? "" : "; ").Append('[').Append(violation.PolicyId).Append('/').Append(violation.RuleId).Append("] ").Append(violation.Message);
            if (violation.Remediation is { } fix && fixesShown.Add($"{violation.PolicyId}/{violation.RuleId}"))
            {
                part.Append(" (fix: ").Append(fix.TrimEnd('.')).Append(')');
            }

            if (violation.FixWithheld is { } withheld)
            {
                part.Append(" (not fixed by the mutating webhook: ").Append(withheld).Append(')');
            }

            if (message.Length + part.Length > MaxMessageLength)
            {
                message.Append($"; and {denials.Count - i} more");
                break;
            }

            message.Append(part);
        }

        if (factsNote is not null && denials.Any(v => v.Assumptions.Count > 0))
        {
            message.Append(". ").Append(factsNote);
        }

        return message.ToString();
    }

    private static string Describe(AdmissionRequest request)
    {
        var kind = request.SubResource == "scale" ? $"{request.Resource.Resource} scale" : request.Kind.Kind;
        var name = request.Name ?? ObjectName(request.Object) ?? "(unnamed)";
        var subject = request.Namespace.Length == 0 ? name : $"{request.Namespace}/{name}";
        return request.SubResource is { } sub and not "scale" ? $"{kind} {subject} ({sub})" : $"{kind} {subject}";
    }

    private static string? ObjectName(JsonElement? obj) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? (metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()
                : metadata.TryGetProperty("generateName", out var generated) && generated.ValueKind == JsonValueKind.String ? generated.GetString() + "*" : null)
            : null;

    // Warnings are short lines: a rule named like its policy is tagged once.
    private static string Tag(string policy, string rule) => policy == rule ? policy : $"{policy}/{rule}";

    // Audit annotation keys must be qualified-name parts: at most 63 characters of [A-Za-z0-9-_.].
    private static string AnnotationKey(string prefix, string policy, string rule)
    {
        var key = $"{prefix}.{policy}.{rule}";
        return key.Length <= 63 ? key : key[..63].TrimEnd('-', '.', '_');
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : TextPrefix.Of(text, max - 1) + "…";
}
