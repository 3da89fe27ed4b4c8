using System.Text;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Documents;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Checking;

/// <summary>
/// Runs a check: reads every input, learns namespace labels from the Namespace objects among them, then judges
/// every object as a CREATE with the same <see cref="PolicyEngine"/> the webhook uses. Files are read and judged
/// in parallel; the report keeps input order.
/// </summary>
internal sealed class CheckRunner(PolicyEngine engine, string policySource, Func<Stream> standardInput)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public CheckReport Run(CheckRequest request)
    {
        var collected = InputCollector.Collect(request.Paths.Count == 0 ? ["-"] : request.Paths);
        var (inputs, problems) = (collected.Inputs, collected.Problems);
        var found = new IReadOnlyList<ManifestObject>[inputs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        (byte[]? Bytes, InputProblem? Problem) standardInputBytes = default;

        // Namespace objects anywhere in the input decide the labels of objects everywhere, so they are found first, and
        // only they are kept: every input is read again when its turn comes (files from the page cache). Keeping what
        // was parsed would hold the whole input at once.
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            if (inputs[i].IsStandardInput)
            {
                // Standard input cannot be read twice: its bytes are kept, not their larger decoded text.
                standardInputBytes = InputText.ReadBytes(inputs[i], standardInput);
                found[i] = standardInputBytes.Bytes is { } bytes ? NamespacesIn(inputs[i].DisplayPath, () => new MemoryStream(bytes, writable: false), bytes.LongLength) : [];
            }
            else
            {
                found[i] = InputText.OpenFile(inputs[i]) is ({ } stream, _) ? NamespacesIn(inputs[i].DisplayPath, () => stream, stream.Length) : [];
            }
        });

        var namespaces = new NamespaceDirectory(found.SelectMany(f => f), request.NamespaceLabels, request.StrictNamespaces);
        var reports = new FileReport[inputs.Count];
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            // YamlDotNet's own scan takes turns process-wide (YamlEventScanner.Gate); the rest of the parse and the judging
            // of the objects run on every thread.
            reports[i] = inputs[i].IsStandardInput
                ? JudgeStandardInput(inputs[i], standardInputBytes, request, namespaces, parallel)
                : JudgeFile(inputs[i], request, namespaces, parallel);
        });

        if (reports.All(r => r.Objects.Count == 0) && problems.Count == 0 && reports.All(r => r.Problems.Count == 0))
        {
            // A CI job that checked nothing must not pass: a wrong path or an empty `helm template` is a mistake.
            var where = request.Paths.Count == 0 ? "standard input" : string.Join(", ", request.Paths.Select(p => p == "-" ? "standard input" : p));
            problems = [.. problems, new InputProblem(where, 0, 0, "no Kubernetes objects were found (nothing with apiVersion and kind)")];
        }

        return new CheckReport(engine.Policies, policySource, request.FailOn, reports, problems, namespaces.Contexts) { SkippedPaths = collected.Skipped, Revision = engine.Revision };
    }

    // The Namespace objects of one input; an input that cannot be read has none (judging it reports why). A large input
    // is read a part at a time, and only parts that may hold a Namespace are parsed.
    private static List<ManifestObject> NamespacesIn(string file, Func<Stream> open, long length)
    {
        using var stream = open();
        try
        {
            if (length < ManifestReader.ParallelChars)
            {
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                return MightHoldNamespace(bytes) ? NamespaceObjects(ManifestReader.Read(file, InputText.Decode(bytes), trackPositions: false).Objects) : [];
            }

            var found = new List<ManifestObject>();
            foreach (var part in ManifestStream.Parts(stream, ManifestReader.PartChars))
            {
                if (MightHoldNamespace(part.Text))
                {
                    found.AddRange(NamespaceObjects(ManifestReader.FromDocuments(file, YamlDocumentReader.Read(part, ManifestReader.Limits, trackPositions: false), []).Objects));
                }
            }

            return found;
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: read whole, so that the documents holding the broken bytes are left out as judging leaves them out.
            stream.Position = 0;
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return NamespaceObjects(ManifestReader.Read(file, InputText.Decode(bytes), trackPositions: false).Objects);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static List<ManifestObject> NamespaceObjects(IEnumerable<ManifestObject> objects) => [.. objects.Where(NamespaceDirectory.IsNamespaceObject)];

    private FileReport JudgeStandardInput(InputSource input, (byte[]? Bytes, InputProblem? Problem) read, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        if (read.Bytes is not { } bytes)
        {
            return new FileReport(input.DisplayPath, [], [], [read.Problem!]);
        }

        return bytes.Length >= ManifestReader.ParallelChars
            ? JudgeLarge(input.DisplayPath, new MemoryStream(bytes, writable: false), request, namespaces, parallel)
            : JudgeFile(ManifestReader.Read(input.DisplayPath, InputText.Decode(bytes)), request, namespaces, parallel);
    }

    private FileReport JudgeFile(InputSource input, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        var (stream, problem) = InputText.OpenFile(input);
        if (stream is null)
        {
            return new FileReport(input.DisplayPath, [], [], [problem!]);
        }

        using (stream)
        {
            if (stream.Length >= ManifestReader.ParallelChars)
            {
                return JudgeLarge(input.DisplayPath, stream, request, namespaces, parallel);
            }
        }

        var (text, readProblem) = InputText.Read(input, standardInput);
        return text is null
            ? new FileReport(input.DisplayPath, [], [], [readProblem!])
            : JudgeFile(ManifestReader.Read(input.DisplayPath, text), request, namespaces, parallel);
    }

    // A large input (a whole `helm template` or `kustomize build`) is read a part at a time and judged on every core, with
    // a few parts in flight: each part's documents are judged as soon as they are read, and only their reports are kept.
    // Input that is not UTF-8 is read whole instead, where each broken line is placed in its document.
    private FileReport JudgeLarge(string file, Stream stream, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        try
        {
            return JudgeInParts(file, ManifestStream.Parts(stream, ManifestReader.PartChars), request, namespaces);
        }
        catch (DecoderFallbackException)
        {
            stream.Position = 0;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return JudgeFile(ManifestReader.Read(file, InputText.Decode(bytes)), request, namespaces, parallel);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileReport(file, [], [], [new InputProblem(file, 0, 0, $"cannot read: {ex.Message}")]);
        }
    }

    private FileReport JudgeInParts(string file, IEnumerable<YamlTextPart> parts, CheckRequest request, NamespaceDirectory namespaces)
    {
        var objects = new List<ObjectReport>();
        var skipped = new List<SkippedDocument>();
        var problems = new List<InputProblem>();
        var documentsBefore = 0;
        var inFlight = new Queue<Task<(FileReport Report, int Documents)>>();
        try
        {
            foreach (var part in parts)
            {
                inFlight.Enqueue(Task.Run(() => JudgePart(file, part, request, namespaces)));
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

        return new FileReport(file, objects, skipped, problems);

        // Documents are numbered across the parts, as one read of the whole input numbers them.
        void Collect((FileReport Report, int Documents) judged)
        {
            var offset = documentsBefore;
            objects.AddRange(judged.Report.Objects.Select(o => o with { Document = o.Document + offset }));
            skipped.AddRange(judged.Report.Skipped);
            problems.AddRange(judged.Report.Problems);
            documentsBefore += judged.Documents;
        }
    }

    private (FileReport Report, int Documents) JudgePart(string file, YamlTextPart part, CheckRequest request, NamespaceDirectory namespaces)
    {
        var documents = YamlDocumentReader.Read(part, ManifestReader.Limits);
        var manifest = ManifestReader.FromDocuments(file, documents, []);
        return (new FileReport(file, [.. manifest.Objects.Select(o => Judge(o, request, namespaces))], manifest.Skipped, manifest.Problems), documents.Count);
    }

    // Enough parts to keep every core busy while the next part is read, few enough that memory stays a few parts deep.
    private static int PartsInFlight => Math.Max(2, Environment.ProcessorCount * 2);

    private FileReport JudgeFile(ManifestFile file, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel) =>
        new(file.File, JudgeAll(file.Objects, request, namespaces, parallel), file.Skipped, file.Problems);

    // The objects of one large input are judged on every core; files are the unit otherwise.
    private ObjectReport[] JudgeAll(IReadOnlyList<ManifestObject> objects, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        var judged = new ObjectReport[objects.Count];
        if (objects.Count >= ParallelObjects)
        {
            Parallel.For(0, objects.Count, parallel, j => judged[j] = Judge(objects[j], request, namespaces));
        }
        else
        {
            for (var j = 0; j < objects.Count; j++)
            {
                judged[j] = Judge(objects[j], request, namespaces);
            }
        }

        return judged;
    }

    private const int ParallelObjects = 64;

    private ObjectReport Judge(ManifestObject manifest, CheckRequest request, NamespaceDirectory namespaces)
    {
        var namespaceName = ClusterScopedKinds.Contains(manifest.Kind) ? null : manifest.Namespace ?? request.DefaultNamespace;
        var result = engine.Evaluate(new EvaluationRequest
        {
            Object = manifest.Object,
            Operation = AdmissionOperation.Create,
            Namespace = namespaceName ?? string.Empty,
            NamespaceLabels = namespaceName is null ? NoLabels : namespaces.LabelsOf(namespaceName),
        });

        return new ObjectReport(
            manifest.File,
            manifest.Document,
            manifest.SourcePointer,
            manifest.Position,
            manifest.ApiVersion,
            manifest.Kind,
            namespaceName,
            manifest.Name,
            result,
            [.. result.Violations.Select(v => new Finding(v, manifest.PositionOf(v.Pointer)))],
            [.. result.Exemptions.Select(e => new ExemptionFinding(e, manifest.PositionOf(e.Pointer)))]);
    }

    private static bool MightHoldNamespace(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOf("Namespace"u8) >= 0 || utf8.Contains((byte)'\\');

    private static bool MightHoldNamespace(string text) =>
        text.Contains("Namespace", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);
}
