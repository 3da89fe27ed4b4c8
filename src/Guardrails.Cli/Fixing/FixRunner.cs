using Guardrails.Cli.Checking;
using Guardrails.Cli.Reporting;
using Guardrails.Yaml;
using Guardrails.Engine.Evaluation;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Runs <c>guardrails fix</c> over the inputs of a check: reads them all (the Namespace objects and autoscalers of
/// every input bear on every object, as in <see cref="CheckRunner"/>), then fixes each input on every core. Nothing is
/// written here: the command writes, prints or compares what comes back.
/// </summary>
internal sealed class FixRunner(PolicyEngine engine, Func<Stream> standardInput)
{
    public FixRun Run(CheckRequest request, CollectedInputs collected)
    {
        var inputs = collected.Inputs;
        var read = new (InputText? Text, InputProblem? Problem, IReadOnlyList<SourceDocument> Documents)[inputs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            var (text, problem) = InputText.Read(inputs[i], standardInput);
            read[i] = (text, problem, text is null ? [] : YamlDocumentReader.Read(text.Text, ManifestReader.Limits));
        });

        // In input order, as the check finds them.
        var facts = new (List<ManifestObject> Namespaces, List<Engine.Autoscaling.Autoscaler> Autoscalers)[inputs.Count];
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            facts[i] = ([], []);
            foreach (var manifest in ManifestReader.FromDocuments(inputs[i].DisplayPath, read[i].Documents, read[i].Text?.InvalidUtf8Lines ?? []).Objects)
            {
                if (NamespaceDirectory.IsNamespaceObject(manifest))
                {
                    facts[i].Namespaces.Add(manifest);
                }
                else if (AutoscalerDirectory.FactsOf(manifest, request.DefaultNamespace) is { } autoscaler)
                {
                    facts[i].Autoscalers.Add(autoscaler);
                }
            }
        });

        var namespaces = new NamespaceDirectory(facts.SelectMany(f => f.Namespaces), request.NamespaceLabels, request.StrictNamespaces);
        var fixer = new ManifestFixer(new ObjectJudge(engine, request.DefaultNamespace, namespaces, new AutoscalerDirectory(facts.SelectMany(f => f.Autoscalers))));
        var files = new FileFix[inputs.Count];
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            var (text, problem, documents) = read[i];
            files[i] = text is null
                ? new FileFix(inputs[i], null, null, [], [], new FileReport(inputs[i].DisplayPath, [], [], [problem!]))
                : fixer.Fix(inputs[i], text, documents);
        });

        return new FixRun(files, namespaces.Contexts);
    }
}
