namespace Guardrails.Webhook.Admission;

/// <summary>
/// Keeps warnings within what the API server accepts and kubectl shows well: each at most 120 characters where
/// possible and never over 256, all together under 4 KiB; what does not fit is counted in a last warning.
/// </summary>
internal sealed class WarningBudget
{
    public const int Preferred = 120;
    public const int Maximum = 256;
    public const int Total = 4096;

    // Room kept for the "N more" warning, so it always fits.
    private const int Reserve = 64;

    private readonly List<string> _warnings = [];
    private int _used;
    private int _dropped;

    public void Add(string tag, string message) => Add(Fit($"[{tag}] {message}"));

    /// <summary>Adds a warning that is cut only beyond the API server's limit: a mutation's announcement keeps its field and value.</summary>
    public void AddWhole(string tag, string message)
    {
        var text = $"[{tag}] {message}";
        Add(text.Length <= Maximum ? text : text[..(Maximum - 1)] + "…");
    }

    private void Add(string text)
    {
        if (_dropped > 0 || _used + text.Length > Total - Reserve)
        {
            _dropped++;
            return;
        }

        _warnings.Add(text);
        _used += text.Length;
    }

    public IReadOnlyList<string> Result() =>
        _dropped == 0 ? _warnings : [.. _warnings, $"guardrails: {_dropped} more warning{(_dropped == 1 ? "" : "s")} not shown; run guardrails check for all"];

    // kubectl prints each warning on one line: cut long ones at a word boundary within the preferred length.
    internal static string Fit(string text)
    {
        if (text.Length <= Preferred)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', Preferred - 2, Preferred / 2);
        return (cut > 0 ? text[..cut] : TextPrefix.Of(text, Preferred - 1)) + "…";
    }
}
