using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Guardrails.Benchmarks;

/// <summary>
/// The engine's figure in the CPU time of the evaluating thread instead of wall time: on a machine shared with other
/// builds, a wall-clock benchmark measures the neighbours, while a thread's own CPU time grows much less with the load.
/// Runs <see cref="EvaluationBenchmarks"/> of this build, or of another build's <c>Guardrails.Benchmarks.dll</c> and the
/// engine beside it (loaded on their own; the inputs, policies and Deployments, still come from this build's
/// repository), so that two builds can be compared in interleaved runs:
/// <c>dotnet tests/Guardrails.Benchmarks/bin/Release/net10.0/Guardrails.Benchmarks.dll --thread-cpu [DLL] [OPS] [BATCHES]</c>.
/// Prints, per benchmark, the least and the median CPU time per evaluation over the batches, and the bytes allocated
/// per evaluation. With <c>--rules</c> instead of a DLL it runs <see cref="RuleBreakdownBenchmarks"/> of this build the
/// same way: one line per rule of the pack, the fixed cost first. With <c>--paired DLL</c> the other build and this one run
/// in the same process, batch for batch in turn (the order swapped every round), so that both meet the same moment of a
/// shared machine; besides each build's figures it prints the median of the per-round ratios, this build over the other
/// (<c>--paired DLL OPS ROUNDS RULE...</c>: one rule at a time instead, as <c>--rules</c> runs them).
/// </summary>
internal static class ThreadCpuRunner
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static void Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "--rules")
        {
            RunRules(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
            return;
        }

        if (args.Length > 1 && args[0] == "--paired")
        {
            RunPaired(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20, args.Length > 4 ? args[4..] : []);
            return;
        }

        var assembly = args.Length > 0 && args[0] != "-" ? new BuildLoadContext(Path.GetFullPath(args[0])).Load() : typeof(ThreadCpuRunner).Assembly;
        var operations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var type = assembly.GetType(typeof(EvaluationBenchmarks).FullName!, throwOnError: true)!;
        var benchmarks = Activator.CreateInstance(type)!;
        type.GetMethod(nameof(EvaluationBenchmarks.Setup))!.Invoke(benchmarks, null);
        Console.WriteLine($"{assembly.Location}: {operations} evaluations per batch, {batches} batches, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var name in (string[])[nameof(EvaluationBenchmarks.WholePackCompliant), nameof(EvaluationBenchmarks.WholePackNonCompliant)])
        {
            var evaluate = type.GetMethod(name)!.CreateDelegate<Func<object>>(benchmarks);
            var (least, median, allocated) = Measure(evaluate, operations, batches);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: thread CPU per evaluation min {least:F2} us, median {median:F2} us; allocated {allocated} B"));
        }
    }

    private static void RunPaired(string otherBuild, int operations, int rounds, string[] rules)
    {
        var other = new BuildLoadContext(Path.GetFullPath(otherBuild)).Load();
        var builds = new[] { (Name: "other", Assembly: other), (Name: "this", Assembly: typeof(ThreadCpuRunner).Assembly) };
        Console.WriteLine($"paired: {other.Location} (other) against this build, {operations} evaluations per batch, {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        // The time-limited case only when the other build has it too.
        string[] names = rules.Length > 0 ? rules
            : other.GetType(typeof(EvaluationBenchmarks).FullName!)?.GetMethod(nameof(EvaluationBenchmarks.WholePackCompliantTimeLimited)) is null
                ? [nameof(EvaluationBenchmarks.WholePackCompliant), nameof(EvaluationBenchmarks.WholePackNonCompliant)]
                : [nameof(EvaluationBenchmarks.WholePackCompliant), nameof(EvaluationBenchmarks.WholePackNonCompliant), nameof(EvaluationBenchmarks.WholePackCompliantTimeLimited)];
        foreach (var name in names)
        {
            var evaluates = builds.Select(build => rules.Length > 0 ? RuleEvaluation(build.Assembly, name) : Evaluation(build.Assembly, name)).ToArray();
            foreach (var evaluate in evaluates)
            {
                for (var i = 0; i < operations * 2; i++)
                {
                    evaluate();
                }
            }

            var times = new[] { new List<double>(), new List<double>() };
            var allocated = new long[2];
            for (var round = 0; round < rounds; round++)
            {
                foreach (var which in round % 2 == 0 ? (int[])[0, 1] : [1, 0])
                {
                    var (perOperation, bytes) = Batch(evaluates[which], operations);
                    times[which].Add(perOperation);
                    allocated[which] = bytes;
                }
            }

            var ratios = times[1].Zip(times[0], (mine, theirs) => mine / theirs).Order().ToList();
            for (var which = 0; which < 2; which++)
            {
                var sorted = times[which].Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} ({builds[which].Name}): thread CPU per evaluation min {sorted[0]:F2} us, median {sorted[sorted.Count / 2]:F2} us; allocated {allocated[which]} B"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: this build over the other, median of {rounds} paired rounds {ratios[ratios.Count / 2]:F3} (quartiles {ratios[ratios.Count / 4]:F3} to {ratios[ratios.Count * 3 / 4]:F3})"));
        }
    }

    private static Func<object> Evaluation(System.Reflection.Assembly assembly, string name)
    {
        var type = assembly.GetType(typeof(EvaluationBenchmarks).FullName!, throwOnError: true)!;
        var benchmarks = Activator.CreateInstance(type)!;
        type.GetMethod(nameof(EvaluationBenchmarks.Setup))!.Invoke(benchmarks, null);
        return type.GetMethod(name)!.CreateDelegate<Func<object>>(benchmarks);
    }

    private static Func<object> RuleEvaluation(System.Reflection.Assembly assembly, string rule)
    {
        var type = assembly.GetType(typeof(RuleBreakdownBenchmarks).FullName!, throwOnError: true)!;
        var benchmarks = Activator.CreateInstance(type)!;
        type.GetProperty(nameof(RuleBreakdownBenchmarks.Rule))!.SetValue(benchmarks, rule);
        type.GetMethod(nameof(RuleBreakdownBenchmarks.Setup))!.Invoke(benchmarks, null);
        return type.GetMethod(nameof(RuleBreakdownBenchmarks.OneRuleCompliant))!.CreateDelegate<Func<object>>(benchmarks);
    }

    private static (double PerOperation, long Allocated) Batch(Func<object> evaluate, int operations)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = ThreadCpuNanoseconds();
        for (var i = 0; i < operations; i++)
        {
            evaluate();
        }

        return ((ThreadCpuNanoseconds() - started) / 1000.0 / operations, (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / operations);
    }

    private static void RunRules(int operations, int batches)
    {
        Console.WriteLine($"rules one at a time, compliant Deployment: {operations} evaluations per batch, {batches} batches, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var rule in RuleBreakdownBenchmarks.RuleIds())
        {
            var benchmarks = new RuleBreakdownBenchmarks { Rule = rule };
            benchmarks.Setup();
            var (least, median, allocated) = Measure(() => benchmarks.OneRuleCompliant(), operations, batches);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rule}: min {least:F2} us, median {median:F2} us; allocated {allocated} B"));
        }
    }

    private static (double Least, double Median, long Allocated) Measure(Func<object> evaluate, int operations, int batches)
    {
        for (var i = 0; i < operations * 2; i++)
        {
            evaluate();
        }

        var perOperation = new List<double>();
        long allocated = 0;
        for (var batch = 0; batch < batches; batch++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = ThreadCpuNanoseconds();
            for (var i = 0; i < operations; i++)
            {
                evaluate();
            }

            perOperation.Add((ThreadCpuNanoseconds() - started) / 1000.0 / operations);
            allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / operations;
        }

        perOperation.Sort();
        return (perOperation[0], perOperation[perOperation.Count / 2], allocated);
    }

    private static long ThreadCpuNanoseconds()
    {
        if (NativeMethods.clock_gettime(ThreadCpuClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Another build's benchmarks with their own engine: the same assembly names cannot share one load context.</summary>
    private sealed class BuildLoadContext(string path) : AssemblyLoadContext("other build")
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        public Assembly Load() => LoadFromAssemblyPath(path);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } found ? LoadFromAssemblyPath(found) : null;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, out TimeSpec time);
    }
}
