using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Guardrails.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/Guardrails.Benchmarks -- --filter '*'</c>
/// (any BenchmarkDotNet option works, e.g. <c>--job short</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(
            args,
            DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(60)));
}
