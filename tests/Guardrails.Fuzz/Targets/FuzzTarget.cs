namespace Guardrails.Fuzz.Targets;

/// <summary>
/// One fuzz target: a body that takes any bytes and returns normally, or throws. An exception that escapes is what
/// afl-fuzz records as a crash; a <see cref="FuzzFinding"/> is an oracle's verdict that the answer was wrong.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name used on the command line, in <c>build/fuzz.sh</c> and for the regression folder.</summary>
    public abstract string Name { get; }

    /// <summary>The most one input may take (the webhook's deadline and some slack); longer is a hang.</summary>
    public abstract TimeSpan Bound { get; }

    /// <summary>Runs the body on one input.</summary>
    /// <exception cref="FuzzFinding">An oracle found the answer wrong.</exception>
    public abstract void Run(byte[] input);
}
