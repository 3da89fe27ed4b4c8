using System.Collections.Concurrent;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Checking;

/// <summary>
/// Runs a check: collect the inputs, read them (<see cref="ManifestInputs"/>: first the Namespace objects and the
/// HorizontalPodAutoscalers anywhere in them, then each input when its turn comes), learn the namespaces and
/// autoscalers, judge every object as a CREATE with the same <see cref="PolicyEngine"/> the webhook uses, and report:
/// what is judged goes to an <see cref="ICheckSink"/> as it is judged. Inputs are judged in parallel, taken in input order.
/// </summary>
/// <param name="engine">The engine that judges.</param>
/// <param name="policySource">Where the policies came from, as reports name it.</param>
/// <param name="standardInput">Opens standard input.</param>
/// <param name="spools">Makes the temporary file a large standard input is kept in (the system's temporary folder when null).</param>
internal sealed class CheckRunner(PolicyEngine engine, string policySource, Func<Stream> standardInput, Func<TempSpool>? spools = null)
{
    /// <summary>The inputs a request names: its paths, or standard input when it names none.</summary>
    public static CollectedInputs Collect(CheckRequest request) => ManifestInputs.Collect(request.Paths);

    /// <summary>Runs a check and keeps everything it found.</summary>
    public CheckReport Run(CheckRequest request)
    {
        var builder = new CheckReportBuilder();
        Run(request, Collect(request), builder);
        return builder.Report;
    }

    /// <summary>Runs a check over <paramref name="collected"/>, passing what is judged to <paramref name="sink"/> as it goes.</summary>
    public CheckSummary Run(CheckRequest request, CollectedInputs collected, ICheckSink sink)
    {
        var (inputs, problems) = (collected.Inputs, collected.Problems);
        sink.Begin(new CheckStart(engine.Policies, policySource, engine.Revision, request.FailOn, inputs.Count, problems, collected.Skipped));

        // The temporary file of a large standard input goes as soon as the check is done.
        using var reading = new ManifestInputs(collected, standardInput, spools);
        var (namespaces, autoscalers) = JudgingFacts.Survey(reading, request);
        var judge = new ObjectJudge(engine, request.DefaultNamespace, namespaces, autoscalers);
        var tallies = new CheckTally[inputs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // Inputs are handed out one at a time in order (not in ranges), so they finish nearly in order and a report that
        // writes in input order has little to hold back. One input is checked on this thread: a short run then never
        // starts the thread pool (docs/performance.md, start-up).
        var order = Partitioner.Create(Enumerable.Range(0, inputs.Count), EnumerablePartitionerOptions.NoBuffering);
        if (inputs.Count == 1)
        {
            CheckInput(0);
        }
        else
        {
            Parallel.ForEach(order, parallel, CheckInput);
        }

        void CheckInput(int i)
        {
            var tally = CheckTally.None;
            try
            {
                // YamlDotNet's own scan takes turns process-wide (YamlEventScanner.Gate); the rest of the parse and the
                // judging of the objects run on every thread.
                foreach (var (part, documentsBefore) in reading.ReadParts(i, manifest => JudgeAll(manifest, judge, parallel), problem => new FileReport(problem.File, [], [], [problem])))
                {
                    // Documents are numbered across the parts, as one read of the whole input numbers them.
                    var report = documentsBefore == 0 ? part : part with { Objects = [.. part.Objects.Select(o => o with { Document = o.Document + documentsBefore })] };
                    tally = tally.Add(CheckTally.Of(report));
                    sink.Judged(i, report);
                }

                tallies[i] = tally;
            }
            finally
            {
                // Even when judging failed unexpectedly: later inputs may be waiting for this one's turn to end, and the
                // failure must end the run, not hang it.
                sink.Completed(i, inputs[i].DisplayPath);
            }
        }

        var sum = tallies.Aggregate(CheckTally.None with { InputProblems = problems.Count }, (total, one) => total.Add(one));
        IReadOnlyList<InputProblem> late = [];
        if (sum.Objects == 0 && sum.InputProblems == 0)
        {
            late = [JudgingFacts.NothingFound(request)];
            sum = sum with { InputProblems = 1 };
        }

        var summary = CheckSummary.Of(inputs.Count, sum, request.FailOn);
        sink.End(new CheckEnd(late, namespaces.Contexts, summary));
        return summary;
    }

    // The objects of one large input read whole are judged on every core; inputs and parts are the unit otherwise.
    private static FileReport JudgeAll(ManifestFile manifest, ObjectJudge judge, ParallelOptions parallel)
    {
        var objects = manifest.Objects;
        var judged = new ObjectReport[objects.Count];
        if (objects.Count >= ParallelObjects)
        {
            Parallel.For(0, objects.Count, parallel, j => judged[j] = judge.Judge(objects[j]));
        }
        else
        {
            for (var j = 0; j < objects.Count; j++)
            {
                judged[j] = judge.Judge(objects[j]);
            }
        }

        return new FileReport(manifest.File, judged, manifest.Skipped, manifest.Problems);
    }

    private const int ParallelObjects = 64;
}
