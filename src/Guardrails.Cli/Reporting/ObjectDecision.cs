namespace Guardrails.Cli.Reporting;

/// <summary>The verdict on an object, as reports name it.</summary>
internal enum ObjectDecision
{
    Passed,
    Warned,
    Denied,
    Error,
}
