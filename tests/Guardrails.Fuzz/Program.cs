using Guardrails.Fuzz.Running;
using Guardrails.Fuzz.Targets;
using SharpFuzz;

namespace Guardrails.Fuzz;

/// <summary>
/// The fuzz targets' entry point. <c>build/fuzz.sh</c> runs it under afl-fuzz after instrumenting the Guardrails
/// assemblies; <c>replay</c> runs kept inputs the way the regression tests do.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Guardrails.Fuzz fuzz TARGET          serve afl-fuzz (each input on standard input)
               Guardrails.Fuzz replay TARGET PATH... run files, or every file in folders, within the target's bound
               Guardrails.Fuzz list                 the targets
        """;

    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["list"]:
                Console.WriteLine(string.Join(Environment.NewLine, FuzzTargets.Names));
                return 0;
            case ["fuzz", var name] when FuzzTargets.Names.Contains(name):
                Fuzz(name);
                return 0;
            case ["replay", var name, .. var paths] when paths.Length > 0 && FuzzTargets.Create(name) is { } target:
                return Replay(target, paths);
            default:
                Console.Error.WriteLine(Usage);
                Console.Error.WriteLine($"targets: {string.Join(", ", FuzzTargets.Names)}");
                return 2;
        }
    }

    // SharpFuzz's out-of-process server survives what kills a .NET process (a hang that afl-fuzz kills, a stack
    // overflow): it starts a new child and carries on, where the in-process server would end the whole campaign.
    // The target is created inside the first run: instrumented code (loading the pack) faults before SharpFuzz has
    // mapped afl-fuzz's coverage map, and the server process never needs it.
    private static void Fuzz(string name)
    {
        FuzzTarget? target = null;
        var thread = new Thread(
            () => Fuzzer.OutOfProcess.Run(stream =>
            {
                target ??= FuzzTargets.Create(name)!;
                target.Run(ReadAll(stream));
            }),
            BoundedRun.StackBytes);
        thread.Start();
        thread.Join();
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        var failed = 0;
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
        foreach (var file in files)
        {
            var outcome = BoundedRun.Run(target, File.ReadAllBytes(file));
            failed += outcome.Verdict == RunVerdict.Passed ? 0 : 1;
            Console.WriteLine($"{file}: {outcome}");
        }

        Console.WriteLine(failed == 0 ? $"replayed {files.Count} inputs on {target.Name}: all within bounds" : $"replayed {files.Count} inputs on {target.Name}: {failed} did not pass");
        return failed == 0 ? 0 : 1;
    }
}
