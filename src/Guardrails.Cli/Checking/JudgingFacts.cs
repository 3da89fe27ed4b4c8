using Guardrails.Cli.Reading;
using Guardrails.Engine.Autoscaling;

namespace Guardrails.Cli.Checking;

/// <summary>
/// What every object of a run is judged with besides itself, learnt from the whole input as the webhook learns it from
/// its cluster: the labels of the namespaces (Namespace objects, <c>--namespace-labels</c>) and the autoscalers.
/// <c>check</c> and <c>fix</c> learn them the same way, in the survey of their inputs.
/// </summary>
internal static class JudgingFacts
{
    // The kinds whose objects bear on every other object: only texts that mention one are parsed by the survey.
    private static readonly string[] Kinds = ["Namespace", "HorizontalPodAutoscaler"];

    /// <summary>Surveys <paramref name="reading"/> for the Namespace objects and the autoscalers' facts, in input order.</summary>
    public static (NamespaceDirectory Namespaces, AutoscalerDirectory Autoscalers) Survey(ManifestInputs reading, CheckRequest request)
    {
        // Only the Namespace objects are kept, and each autoscaler as its few facts: never the whole input.
        var found = reading.Survey(Kinds, manifest =>
            NamespaceDirectory.IsNamespaceObject(manifest) ? new Fact(manifest, null)
            : AutoscalerDirectory.FactsOf(manifest, request.DefaultNamespace) is { } autoscaler ? new Fact(null, autoscaler)
            : null);

        return (
            new NamespaceDirectory(found.Select(f => f.Namespace).OfType<ManifestObject>(), request.NamespaceLabels, request.StrictNamespaces),
            new AutoscalerDirectory(found.Select(f => f.Autoscaler).OfType<Autoscaler>()));
    }

    /// <summary>
    /// The problem of a run that found no Kubernetes object at all: a CI job that checked nothing must not pass (a wrong
    /// path or an empty <c>helm template</c> is a mistake).
    /// </summary>
    public static InputProblem NothingFound(CheckRequest request)
    {
        var where = request.Paths.Count == 0 ? "standard input" : string.Join(", ", request.Paths.Select(p => p == "-" ? "standard input" : p));
        return new InputProblem(where, 0, 0, "no Kubernetes objects were found (nothing with apiVersion and kind)");
    }

    private sealed record Fact(ManifestObject? Namespace, Autoscaler? Autoscaler);
}
