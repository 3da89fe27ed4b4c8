using System.Collections.Concurrent;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Runs <c>guardrails fix</c> over the inputs of a check, reading them as <see cref="CheckRunner"/> does
/// (<see cref="ManifestInputs"/>: first the Namespace objects and autoscalers of every input, which bear on every
/// object, then each input in turn): each input is read whole, fixed and delivered (<see cref="FixOutput"/>) on every
/// core, printed in input order, and only what the summary needs of it is kept.
/// </summary>
internal sealed class FixRunner(PolicyEngine engine, Func<Stream> standardInput)
{
    // How much fixed text may wait for its turn to be printed when inputs finish out of order.
    private const long MaxWaitingChars = 32L * 1024 * 1024;

    public FixRun Run(CheckRequest request, CollectedInputs collected, FixOutput output)
    {
        var inputs = collected.Inputs;
        using var reading = new ManifestInputs(collected, standardInput);
        var (namespaces, autoscalers) = JudgingFacts.Survey(reading, request);
        var fixer = new ManifestFixer(new ObjectJudge(engine, request.DefaultNamespace, namespaces, autoscalers));
        var files = new FixedInput[inputs.Count];
        var printer = new OrderedEmitter<FileFix>(inputs.Count, MaxWaitingChars, output.Print);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(Partitioner.Create(Enumerable.Range(0, inputs.Count), EnumerablePartitionerOptions.NoBuffering), parallel, i =>
        {
            try
            {
                var (whole, problem) = reading.ReadWhole(i);
                var fix = output.Store(whole is null
                    ? new FileFix(inputs[i], null, null, [], [], new FileReport(inputs[i].DisplayPath, [], [], [problem!]))
                    : fixer.Fix(inputs[i], whole));
                files[i] = new FixedInput(fix.Fields, fix.Report, fix.Changed, fix.WriteFailed);
                printer.Add(i, fix, (fix.Original?.Length ?? 0) + (fix.Fixed?.Length ?? 0));
            }
            finally
            {
                // Even when fixing failed unexpectedly: later inputs may be waiting for this one's turn to be printed.
                printer.Complete(i);
            }
        });

        if (printer.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return new FixRun(files, namespaces.Contexts);
    }
}
