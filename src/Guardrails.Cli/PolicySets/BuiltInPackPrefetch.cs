using Guardrails.Engine.Loading;

namespace Guardrails.Cli.PolicySets;

/// <summary>
/// Loads the built-in pack on another core while the command line is built and parsed, for the commands that will
/// judge with it: <c>check</c> and <c>fix</c> with no <c>--policies</c>. Only a shortcut: the command loads the pack
/// through <see cref="PolicySelection"/> as before and takes this load's result (the same call, made earlier) when there
/// is one. Arguments it cannot be sure of (a response file, help, any policies option) start nothing.
/// </summary>
internal static class BuiltInPackPrefetch
{
    private static BuiltInPackLoad? _pending;

    /// <summary>Starts loading the built-in pack when <paramref name="args"/> run a command that will load it.</summary>
    public static void Start(IReadOnlyList<string> args)
    {
        if (WillLoadBuiltIn(args))
        {
            _pending = BuiltInPackLoad.Start();
        }
    }

    /// <summary>The result of the load started for this run, if any; taken once.</summary>
    public static PolicyLoadResult? Take() => Interlocked.Exchange(ref _pending, null)?.Result();

    /// <summary>Forgets a load nothing took (a run that ended before loading its policies).</summary>
    public static void Discard() => Interlocked.Exchange(ref _pending, null);

    /// <summary>Whether the arguments surely run <c>check</c> or <c>fix</c> with the built-in pack alone.</summary>
    internal static bool WillLoadBuiltIn(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("check" or "fix"))
        {
            return false;
        }

        foreach (var arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            if (arg.StartsWith("--policies", StringComparison.Ordinal) || arg.StartsWith("-p", StringComparison.Ordinal)
                || arg.StartsWith('@') || arg.StartsWith('[') || arg is "-h" or "/h" or "-?" or "/?" or "--help" or "--version")
            {
                return false;
            }
        }

        return true;
    }
}
