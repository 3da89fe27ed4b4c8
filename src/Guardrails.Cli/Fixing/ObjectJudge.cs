using Guardrails.Cli.Checking;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Judges a manifest object exactly as <c>guardrails check</c> does (<see cref="CheckRunner"/>): a CREATE in its
/// namespace, or the default one, with the namespace labels and autoscalers learnt from every input.
/// </summary>
internal sealed class ObjectJudge(PolicyEngine engine, string defaultNamespace, NamespaceDirectory namespaces, AutoscalerDirectory autoscalers)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public ObjectReport Judge(ManifestObject manifest)
    {
        var namespaceName = ClusterScopedKinds.Contains(manifest.Kind) ? null : manifest.Namespace ?? defaultNamespace;
        var result = engine.Evaluate(new EvaluationRequest
        {
            Object = manifest.Object,
            Operation = AdmissionOperation.Create,
            Namespace = namespaceName ?? string.Empty,
            NamespaceLabels = namespaceName is null ? NoLabels : namespaces.LabelsOf(namespaceName),
            Autoscalers = namespaceName is null ? [] : autoscalers.In(namespaceName),
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
}
