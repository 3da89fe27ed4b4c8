namespace Guardrails.EndToEnd.Corpus;

/// <summary>A violation a fixture case expects: policy, rule and JSON pointer.</summary>
internal sealed record ExpectedFinding(string Policy, string Rule, string Pointer)
{
    public string Tag => $"{Policy}/{Rule}";
}
