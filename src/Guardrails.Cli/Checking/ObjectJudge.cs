using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;

namespace Guardrails.Cli.Checking;

/// <summary>
/// How <c>guardrails check</c> and <c>guardrails fix</c> judge a manifest object: a CREATE in its namespace, or the
/// default one, with the namespace labels and autoscalers learnt from every input.
/// </summary>
internal sealed class ObjectJudge(PolicyEngine engine, string defaultNamespace, NamespaceDirectory namespaces, AutoscalerDirectory autoscalers)
{
    public ObjectReport Judge(ManifestObject manifest)
    {
        var namespaceName = ClusterScopedKinds.Contains(manifest.Kind) ? null : manifest.Namespace ?? defaultNamespace;
        var result = engine.Evaluate(HostRequest.For(
            manifest.Object,
            AdmissionOperation.Create,
            namespaceName,
            namespaceName is null ? null : namespaces.LabelsOf(namespaceName),
            namespaceName is null ? null : autoscalers.In(namespaceName)));

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
