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
        var texts = new InputText?[inputs.Count];
        var files = new ManifestFile?[inputs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // Namespace objects anywhere in the input decide the labels of objects everywhere, so the inputs that may
        // hold one are parsed first. A kind written "Namespace" must contain that word or a YAML escape. Files that
        // cannot are read again when their turn comes (from the page cache): holding every text until then made the
        // collector copy all of them between generations, which cost more than the second read.
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            var (bytes, problem) = InputText.ReadBytes(inputs[i], standardInput);
            if (bytes is null)
            {
                files[i] = new ManifestFile(inputs[i].DisplayPath, [], [], [problem!]);
            }
            else if (MightHoldNamespace(bytes))
            {
                files[i] = ManifestReader.Read(inputs[i].DisplayPath, InputText.Decode(bytes));
            }
            else if (inputs[i].IsStandardInput)
            {
                texts[i] = InputText.Decode(bytes);
            }
        });

        var namespaces = new NamespaceDirectory(
            files.Where(f => f is not null).SelectMany(f => f!.Objects).Where(NamespaceDirectory.IsNamespaceObject),
            request.NamespaceLabels,
            request.StrictNamespaces);

        var reports = new FileReport[inputs.Count];
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            // YamlDotNet's own scan takes turns process-wide (YamlEventScanner.Gate); the rest of the parse and the judging
            // of the objects run on every thread.
            var file = files[i];
            var kept = texts[i];
            texts[i] = null;
            files[i] = null;
            reports[i] = file is not null ? JudgeFile(file, request, namespaces, parallel) : JudgeLater(inputs[i], kept, request, namespaces, parallel);
        });

        if (reports.All(r => r.Objects.Count == 0) && problems.Count == 0 && reports.All(r => r.Problems.Count == 0))
        {
            // A CI job that checked nothing must not pass: a wrong path or an empty `helm template` is a mistake.
            var where = request.Paths.Count == 0 ? "standard input" : string.Join(", ", request.Paths.Select(p => p == "-" ? "standard input" : p));
            problems = [.. problems, new InputProblem(where, 0, 0, "no Kubernetes objects were found (nothing with apiVersion and kind)")];
        }

        return new CheckReport(engine.Policies, policySource, request.FailOn, reports, problems, namespaces.Contexts) { SkippedPaths = collected.Skipped };
    }

    private FileReport JudgeLater(InputSource input, InputText? kept, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        var (text, problem) = kept is null ? InputText.Read(input, standardInput) : (kept, null);
        if (text is null)
        {
            return new FileReport(input.DisplayPath, [], [], [problem!]);
        }

        // Invalid UTF-8 is placed by looking at the documents around it, so such an input is read whole.
        return text.Text.Length >= ManifestReader.ParallelChars && text.InvalidUtf8Lines.Count == 0
            ? JudgeInParts(input.DisplayPath, text.Text, request, namespaces, parallel)
            : JudgeFile(ManifestReader.Read(input.DisplayPath, text), request, namespaces, parallel);
    }

    // A large input (a whole `helm template` or `kustomize build` on standard input) is read and judged on every core, a
    // part at a time: each part's documents are judged as soon as they are read, so they die young instead of being
    // carried by the collector until every part has been read.
    private FileReport JudgeInParts(string file, string text, CheckRequest request, NamespaceDirectory namespaces, ParallelOptions parallel)
    {
        var parts = YamlDocumentReader.Partition(text, ManifestReader.PartChars);
        var judged = new FileReport[parts.Count];
        var documentCounts = new int[parts.Count];
        Parallel.For(0, parts.Count, parallel, p =>
        {
            var documents = YamlDocumentReader.Read(parts[p], ManifestReader.Limits);
            documentCounts[p] = documents.Count;
            var manifest = ManifestReader.FromDocuments(file, documents, []);
            judged[p] = new FileReport(file, [.. manifest.Objects.Select(o => Judge(o, request, namespaces))], manifest.Skipped, manifest.Problems);
        });

        // Documents are numbered across the parts, as one read of the whole input numbers them.
        var objects = new List<ObjectReport>();
        var documentsBefore = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            var offset = documentsBefore;
            objects.AddRange(judged[p].Objects.Select(o => o with { Document = o.Document + offset }));
            documentsBefore += documentCounts[p];
        }

        return new FileReport(file, objects, [.. judged.SelectMany(r => r.Skipped)], [.. judged.SelectMany(r => r.Problems)]);
    }

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
}
