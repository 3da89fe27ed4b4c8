using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// Decides whether a finding is exempted: by a central entry, or by an annotation that a central entry allows.
/// Every exemption that bears on a finding is recorded, applied, expired or refused.
/// </summary>
internal sealed class ExemptionResolver(ExemptionSet exemptions, TimeProvider time)
{
    private const string AnnotationPrefix = "guardrails.dev/exempt.";
    private const string NoEntry = "no exemption entry allows the annotation for this object";
    private const string BlankReason = "the annotation's value is empty, and that value must give the reason";

    private DateOnly? _today;

    // Whether the object may carry an exemption annotation at all: most carry none, and then no key is spelled out.
    private bool? _annotated;

    private static ReadOnlySpan<byte> Utf8AnnotationPrefix => "guardrails.dev/exempt."u8;

    // Read once per evaluation, and only when an exemption is weighed: most evaluations never need the date.
    private DateOnly Today => _today ??= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// False when no exemption can bear on any finding of the object: there is no entry, and no annotation that could
    /// claim one. Then <see cref="IsExempt"/> is always false and records nothing, and a finding's subject need not be spelled out.
    /// </summary>
    public bool MayExempt(ObjectAnnotations annotations) =>
        exemptions.Entries.Count > 0 || (_annotated ??= annotations.MayHaveNameStartingWith(Utf8AnnotationPrefix));

    public bool IsExempt(Policy policy, Rule rule, ExemptionSubject subject, string pointer, ObjectAnnotations annotations, List<ExemptionUse> uses)
    {
        foreach (var entry in exemptions.Entries)
        {
            if (entry.AllowAnnotation || !entry.Covers(policy.Id, rule.Id, subject))
            {
                continue;
            }

            var expired = entry.IsExpired(Today);
            uses.Add(Use(policy, rule, pointer, expired ? ExemptionStatus.Expired : ExemptionStatus.Applied, ExemptionSource.File, entry, entry.Reason));
            if (!expired)
            {
                return true;
            }
        }

        if (!(_annotated ??= annotations.MayHaveNameStartingWith(Utf8AnnotationPrefix)))
        {
            return false;
        }

        var reason = annotations.Find($"{AnnotationPrefix}{policy.Id}.{rule.Id}") ?? annotations.Find($"{AnnotationPrefix}{policy.Id}");
        if (reason is null)
        {
            return false;
        }

        Exemption? expiredEntry = null;
        foreach (var entry in exemptions.Entries)
        {
            if (!entry.AllowAnnotation || !entry.Covers(policy.Id, rule.Id, subject))
            {
                continue;
            }

            if (entry.IsExpired(Today))
            {
                expiredEntry ??= entry;
                continue;
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                // The entry allows the annotation; its value is the exemption's reason, and a blank one is none.
                uses.Add(Use(policy, rule, pointer, ExemptionStatus.NotAllowed, ExemptionSource.Annotation, entry, reason) with { Refusal = BlankReason });
                return false;
            }

            uses.Add(Use(policy, rule, pointer, ExemptionStatus.Applied, ExemptionSource.Annotation, entry, reason));
            return true;
        }

        uses.Add(expiredEntry is not null
            ? Use(policy, rule, pointer, ExemptionStatus.Expired, ExemptionSource.Annotation, expiredEntry, reason)
            : new ExemptionUse(policy.Id, rule.Id, pointer, ExemptionStatus.NotAllowed, ExemptionSource.Annotation, null, reason, null, null) { Refusal = NoEntry });
        return false;
    }

    private static ExemptionUse Use(Policy policy, Rule rule, string pointer, ExemptionStatus status, ExemptionSource source, Exemption entry, string reason) =>
        new(policy.Id, rule.Id, pointer, status, source, entry.Owner, reason, entry.Expires, entry.Location);
}
