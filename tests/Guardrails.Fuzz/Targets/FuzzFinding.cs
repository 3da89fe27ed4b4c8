namespace Guardrails.Fuzz.Targets;

/// <summary>An oracle's verdict that an answer was wrong (allowed what must be denied, trees that disagree, ...).</summary>
internal sealed class FuzzFinding : Exception
{
    public FuzzFinding()
    {
    }

    public FuzzFinding(string message)
        : base(message)
    {
    }

    public FuzzFinding(string message, Exception inner)
        : base(message, inner)
    {
    }
}
