namespace Guardrails.Webhook.Namespaces;

/// <summary>
/// The outcome of a lookup: labels, or the reason they are unknown. Unknown labels make the engine assume every
/// namespace selector matches (fail closed), and a denial says why.
/// </summary>
internal readonly record struct NamespaceLabelLookup(IReadOnlyDictionary<string, string>? Labels, string? UnknownReason)
{
    public static NamespaceLabelLookup Known(IReadOnlyDictionary<string, string> labels) => new(labels, null);

    public static NamespaceLabelLookup Unknown(string reason) => new(null, reason);
}
