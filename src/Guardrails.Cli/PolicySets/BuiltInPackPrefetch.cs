using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.PolicySets;

/// <summary>
/// Loads the built-in pack on another core while the command line is built and parsed, for the commands that will
/// judge with it: <c>check</c> and <c>fix</c> with no <c>--policies</c>. Only a shortcut: the command loads the pack
/// through <see cref="PolicySelection"/> as before and takes this load's result (the same call, made earlier) when there
/// is one. Arguments it cannot be sure of (a response file, help, any policies option) start nothing. The same thread
/// then warms up the run's engine (<see cref="WarmUp"/>).
/// </summary>
internal static class BuiltInPackPrefetch
{
    private static BuiltInPackLoad? _pending;
    private static BuiltInPackLoad? _taken;

    /// <summary>Starts loading the built-in pack when <paramref name="args"/> run a command that will load it.</summary>
    public static void Start(string[] args)
    {
        if (WillLoadBuiltIn(args))
        {
            _pending = BuiltInPackLoad.Start();
        }
    }

    /// <summary>The result of the load started for this run, if any; taken once.</summary>
    public static PolicyLoadResult? Take()
    {
        if (Interlocked.Exchange(ref _pending, null) is not { } load)
        {
            return null;
        }

        Volatile.Write(ref _taken, load);
        return load.Result();
    }

    /// <summary>Hands the engine of the taken pack to its thread to warm up; nothing when no load was taken.</summary>
    public static void WarmUp(PolicyEngine engine) => Interlocked.Exchange(ref _taken, null)?.WarmUp(engine);

    /// <summary>Forgets a load nothing took (a run that ended before loading its policies) and lets its thread end.</summary>
    public static void Discard()
    {
        Interlocked.Exchange(ref _pending, null)?.Release();
        Interlocked.Exchange(ref _taken, null)?.Release();
    }

    /// <summary>Whether the arguments surely run <c>check</c> or <c>fix</c> with the built-in pack alone.</summary>
    internal static bool WillLoadBuiltIn(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("check" or "fix"))
        {
            return false;
        }

        // An array and an index: a first call through IEnumerable<string> on an array is resolved by the runtime at start.
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
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
