using System.Collections.Concurrent;
using System.Text;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Spooling;
using Guardrails.Engine.Autoscaling;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Hosts;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Checking;

/// <summary>
/// Runs a check: reads every input, learns namespace labels from the Namespace objects among them and the autoscalers
/// from the HorizontalPodAutoscalers, then judges
/// every object as a CREATE with the same <see cref="PolicyEngine"/> the webhook uses. Files are read and judged
/// in parallel, taken in input order; what is judged goes to an <see cref="ICheckSink"/> as it is judged.
/// </summary>
/// <param name="engine">The engine that judges.</param>
/// <param name="policySource">Where the policies came from, as reports name it.</param>
/// <param name="standardInput">Opens standard input.</param>
/// <param name="spools">Makes the temporary file a large standard input is kept in (the system's temporary folder when null).</param>
internal sealed class CheckRunner(PolicyEngine engine, string policySource, Func<Stream> standardInput, Func<TempSpool>? spools = null)
{
    /// <summary>The inputs a request names: its paths, or standard input when it names none.</summary>
    public static CollectedInputs Collect(CheckRequest request) => InputCollector.Collect(request.Paths.Count == 0 ? ["-"] : request.Paths);

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
        var found = new InputFacts[inputs.Count];
        var inParts = new bool[inputs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        (SpooledInput? Bytes, InputProblem? Problem) standardInputBytes = default;
        sink.Begin(new CheckStart(engine.Policies, policySource, engine.Revision, request.FailOn, inputs.Count, problems, collected.Skipped));

        try
        {
            // Namespace objects and HorizontalPodAutoscalers anywhere in the input bear on objects everywhere, so they are found
            // first, and only they are kept (an autoscaler as its few facts): every input is read again when its turn comes
            // (files from the page cache). Keeping what was parsed would hold the whole input at once.
            Parallel.For(0, inputs.Count, parallel, i =>
            {
                if (inputs[i].IsStandardInput)
                {
                    // Standard input cannot be read twice: its bytes are kept (a large input in a temporary file), not their larger
                    // decoded text.
                    standardInputBytes = InputText.ReadStandardInput(inputs[i], standardInput, spools ?? (() => TempSpool.Create()));
                    (found[i], inParts[i]) = standardInputBytes.Bytes is { } bytes ? FactsIn(inputs[i].DisplayPath, bytes.Open, bytes.Length, request.DefaultNamespace) : (InputFacts.None, true);
                }
                else
                {
                    (found[i], inParts[i]) = InputText.OpenFile(inputs[i]) is ({ } stream, _) ? FactsIn(inputs[i].DisplayPath, () => stream, stream.Length, request.DefaultNamespace) : (InputFacts.None, true);
                }
            });

            var namespaces = new NamespaceDirectory(found.SelectMany(f => f.Namespaces), request.NamespaceLabels, request.StrictNamespaces);
            var autoscalers = new AutoscalerDirectory(found.SelectMany(f => f.Autoscalers));
            var context = new JudgingContext(request, namespaces, autoscalers, new ObjectJudge(engine, request.DefaultNamespace, namespaces, autoscalers));
            var tallies = new CheckTally[inputs.Count];

            // Inputs are handed out one at a time in order (not in ranges), so they finish nearly in order and a report that
            // writes in input order has little to hold back.
            Parallel.ForEach(Partitioner.Create(Enumerable.Range(0, inputs.Count), EnumerablePartitionerOptions.NoBuffering), parallel, i =>
            {
                var judged = new JudgedInput(sink, i);
                try
                {
                    // YamlDotNet's own scan takes turns process-wide (YamlEventScanner.Gate); the rest of the parse and the
                    // judging of the objects run on every thread.
                    if (inputs[i].IsStandardInput)
                    {
                        JudgeStandardInput(inputs[i], standardInputBytes, inParts[i], context, parallel, judged);
                    }
                    else
                    {
                        JudgeFile(inputs[i], inParts[i], context, parallel, judged);
                    }

                    tallies[i] = judged.Tally;
                }
                finally
                {
                    // Even when judging failed unexpectedly: later inputs may be waiting for this one's turn to end, and the
                    // failure must end the run, not hang it.
                    sink.Completed(i, inputs[i].DisplayPath);
                }
            });

            var tally = tallies.Aggregate(CheckTally.None with { InputProblems = problems.Count }, (sum, one) => sum.Add(one));
            IReadOnlyList<InputProblem> late = [];
            if (tally.Objects == 0 && tally.InputProblems == 0)
            {
                // A CI job that checked nothing must not pass: a wrong path or an empty `helm template` is a mistake.
                var where = request.Paths.Count == 0 ? "standard input" : string.Join(", ", request.Paths.Select(p => p == "-" ? "standard input" : p));
                late = [new InputProblem(where, 0, 0, "no Kubernetes objects were found (nothing with apiVersion and kind)")];
                tally = tally with { InputProblems = 1 };
            }

            var summary = CheckSummary.Of(inputs.Count, tally, request.FailOn);
            sink.End(new CheckEnd(late, namespaces.Contexts, summary));
            return summary;
        }
        finally
        {
            // The temporary file of a large standard input goes as soon as the check is done.
            standardInputBytes.Bytes?.Dispose();
        }
    }

    // The Namespace objects and the autoscalers' facts of one input, and whether it can be judged in parts (it is UTF-8);
    // an input that cannot be read has none (judging it reports why). A large input is read a part at a time, and only
    // parts that may hold either are parsed.
    private static (InputFacts Facts, bool InParts) FactsIn(string file, Func<Stream> open, long length, string defaultNamespace)
    {
        using var stream = open();
        try
        {
            if (length < ManifestReader.ParallelChars)
            {
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                return (MightHoldFacts(bytes) ? InputFacts.Of(ManifestReader.Read(file, InputText.Decode(bytes), trackPositions: false).Objects, defaultNamespace) : InputFacts.None, true);
            }

            var found = new InputFacts([], []);
            foreach (var part in ManifestStream.Parts(stream, ManifestReader.PartChars))
            {
                if (MightHoldFacts(part.Text))
                {
                    found.Add(InputFacts.Of(ManifestReader.FromDocuments(file, YamlDocumentReader.Read(part, ManifestReader.Limits, trackPositions: false), []).Objects, defaultNamespace));
                }
            }

            return (found, true);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: read whole, so that the documents holding the broken bytes are left out as judging leaves them out.
            stream.Position = 0;
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return (InputFacts.Of(ManifestReader.Read(file, InputText.Decode(bytes), trackPositions: false).Objects, defaultNamespace), false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (InputFacts.None, true);
        }
    }

    private static void JudgeStandardInput(InputSource input, (SpooledInput? Bytes, InputProblem? Problem) read, bool inParts, JudgingContext context, ParallelOptions parallel, JudgedInput judged)
    {
        if (read.Bytes is not { } bytes)
        {
            judged.Add(new FileReport(input.DisplayPath, [], [], [read.Problem!]));
        }
        else if (bytes.Length >= ManifestReader.ParallelChars)
        {
            using var stream = bytes.Open();
            JudgeLarge(input.DisplayPath, stream, inParts, context, parallel, judged);
        }
        else
        {
            JudgeFile(ManifestReader.Read(input.DisplayPath, InputText.Decode(bytes.ToArray())), context, parallel, judged);
        }
    }

    private void JudgeFile(InputSource input, bool inParts, JudgingContext context, ParallelOptions parallel, JudgedInput judged)
    {
        var (stream, problem) = InputText.OpenFile(input);
        if (stream is null)
        {
            judged.Add(new FileReport(input.DisplayPath, [], [], [problem!]));
            return;
        }

        using (stream)
        {
            if (stream.Length >= ManifestReader.ParallelChars)
            {
                JudgeLarge(input.DisplayPath, stream, inParts, context, parallel, judged);
                return;
            }
        }

        var (text, readProblem) = InputText.Read(input, standardInput);
        if (text is null)
        {
            judged.Add(new FileReport(input.DisplayPath, [], [], [readProblem!]));
        }
        else
        {
            JudgeFile(ManifestReader.Read(input.DisplayPath, text), context, parallel, judged);
        }
    }

    // A large input (a whole `helm template` or `kustomize build`) is read a part at a time and judged on every core, with
    // a few parts in flight: each part's documents are judged as soon as they are read, and each part's verdicts go to the
    // sink in order as soon as they are in. Input that is not UTF-8 (the Namespace pass found out) is read whole instead,
    // where each broken line is placed in its document.
    private static void JudgeLarge(string file, Stream stream, bool inParts, JudgingContext context, ParallelOptions parallel, JudgedInput judged)
    {
        try
        {
            if (inParts)
            {
                JudgeInParts(file, ManifestStream.Parts(stream, ManifestReader.PartChars), context, judged);
            }
            else
            {
                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                JudgeFile(ManifestReader.Read(file, InputText.Decode(bytes)), context, parallel, judged);
            }
        }
        catch (DecoderFallbackException)
        {
            // UTF-8 in the first pass, not now: the parts before the broken byte are reported already, and a part cannot be
            // judged both ways.
            judged.Add(new FileReport(file, [], [], [new InputProblem(file, 0, 0, "cannot read: the file changed while it was checked (its text is no longer UTF-8)")]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            judged.Add(new FileReport(file, [], [], [new InputProblem(file, 0, 0, $"cannot read: {ex.Message}")]));
        }
    }

    private static void JudgeInParts(string file, IEnumerable<YamlTextPart> parts, JudgingContext context, JudgedInput judged)
    {
        var documentsBefore = 0;
        var inFlight = new Queue<Task<(FileReport Report, int Documents)>>();
        try
        {
            foreach (var part in parts)
            {
                inFlight.Enqueue(Task.Run(() => JudgePart(file, part, context)));
                if (inFlight.Count >= PartsInFlight)
                {
                    Collect(inFlight.Dequeue().GetAwaiter().GetResult());
                }
            }

            while (inFlight.Count > 0)
            {
                Collect(inFlight.Dequeue().GetAwaiter().GetResult());
            }
        }
        finally
        {
            // A read that failed half way leaves parts in flight: they finish before their input is given up.
            Task.WaitAll([.. inFlight]);
        }

        // Documents are numbered across the parts, as one read of the whole input numbers them.
        void Collect((FileReport Report, int Documents) part)
        {
            var offset = documentsBefore;
            judged.Add(offset == 0 ? part.Report : part.Report with { Objects = [.. part.Report.Objects.Select(o => o with { Document = o.Document + offset })] });
            documentsBefore += part.Documents;
        }
    }

    private static (FileReport Report, int Documents) JudgePart(string file, YamlTextPart part, JudgingContext context)
    {
        var documents = YamlDocumentReader.Read(part, ManifestReader.Limits);
        var manifest = ManifestReader.FromDocuments(file, documents, []);
        return (new FileReport(file, [.. manifest.Objects.Select(o => Judge(o, context))], manifest.Skipped, manifest.Problems), documents.Count);
    }

    // Enough parts to keep every core busy while the next part is read, few enough that memory stays a few parts deep.
    private static int PartsInFlight => Math.Max(2, Environment.ProcessorCount * 2);

    private static void JudgeFile(ManifestFile file, JudgingContext context, ParallelOptions parallel, JudgedInput judged) =>
        judged.Add(new FileReport(file.File, JudgeAll(file.Objects, context, parallel), file.Skipped, file.Problems));

    // The objects of one large input are judged on every core; files are the unit otherwise.
    private static ObjectReport[] JudgeAll(IReadOnlyList<ManifestObject> objects, JudgingContext context, ParallelOptions parallel)
    {
        var judged = new ObjectReport[objects.Count];
        if (objects.Count >= ParallelObjects)
        {
            Parallel.For(0, objects.Count, parallel, j => judged[j] = Judge(objects[j], context));
        }
        else
        {
            for (var j = 0; j < objects.Count; j++)
            {
                judged[j] = Judge(objects[j], context);
            }
        }

        return judged;
    }

    private const int ParallelObjects = 64;

    private static ObjectReport Judge(ManifestObject manifest, JudgingContext context) => context.Judge.Judge(manifest);

    // A kind can be spelt with escapes only in a quoted scalar, hence the backslash.
    private static bool MightHoldFacts(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOf("Namespace"u8) >= 0 || utf8.IndexOf("HorizontalPodAutoscaler"u8) >= 0 || utf8.Contains((byte)'\\');

    private static bool MightHoldFacts(string text) =>
        text.Contains("Namespace", StringComparison.Ordinal) || text.Contains("HorizontalPodAutoscaler", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);

    /// <summary>What every object of the run is judged with: the request, and the facts learnt from the whole input.</summary>
    private sealed record JudgingContext(CheckRequest Request, NamespaceDirectory Namespaces, AutoscalerDirectory Autoscalers, ObjectJudge Judge);

    /// <summary>The Namespace objects and the autoscalers' facts of one input.</summary>
    private sealed record InputFacts(List<ManifestObject> Namespaces, List<Autoscaler> Autoscalers)
    {
        public static InputFacts None { get; } = new([], []);

        public static InputFacts Of(IEnumerable<ManifestObject> objects, string defaultNamespace)
        {
            var facts = new InputFacts([], []);
            foreach (var manifest in objects)
            {
                if (NamespaceDirectory.IsNamespaceObject(manifest))
                {
                    facts.Namespaces.Add(manifest);
                }
                else if (AutoscalerDirectory.FactsOf(manifest, defaultNamespace) is { } autoscaler)
                {
                    facts.Autoscalers.Add(autoscaler);
                }
            }

            return facts;
        }

        public void Add(InputFacts more)
        {
            Namespaces.AddRange(more.Namespaces);
            Autoscalers.AddRange(more.Autoscalers);
        }
    }

    // One input's parts on their way to the sink, counted for the summary.
    private sealed class JudgedInput(ICheckSink sink, int input)
    {
        public CheckTally Tally { get; private set; } = CheckTally.None;

        public void Add(FileReport part)
        {
            Tally = Tally.Add(CheckTally.Of(part));
            sink.Judged(input, part);
        }
    }
}
