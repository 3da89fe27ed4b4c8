using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Guardrails.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/Guardrails.Benchmarks -- --filter '*'</c>
/// (any BenchmarkDotNet option works, e.g. <c>--job short</c>); <c>--thread-cpu</c> measures the engine in thread CPU
/// time instead (<see cref="ThreadCpuRunner"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--thread-cpu")
        {
            ThreadCpuRunner.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(
            args,
            DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(60)));
    }
}
