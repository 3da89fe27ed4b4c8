namespace Guardrails.Chart.Tests.Helm;

/// <summary>
/// One <c>helm template</c> (or <c>helm lint</c>) of the chart: a values file's text (given on standard input as
/// <c>-f -</c>, coalesced over values.yaml), the release and its namespace, and the few flags the tests vary. A record,
/// so that equal requests share one render.
/// </summary>
internal sealed record RenderRequest(string Values = "", string ReleaseName = RenderRequest.DefaultRelease, string Namespace = RenderRequest.DefaultNamespace)
{
    public const string DefaultRelease = "guardrails";

    /// <summary>Not the release name, so that a template that confused the two would show.</summary>
    public const string DefaultNamespace = "platform-guardrails";

    /// <summary>
    /// The values as Helm reads them on standard input: ending in a line break, as a file saved by an editor does. Helm 3
    /// reads a block scalar that ends the file without one as having no final line break, Helm 4 with one
    /// (HelmMajorTests pins that difference).
    /// </summary>
    public string ValuesFile => Values.Length == 0 || Values.EndsWith('\n') ? Values : Values + "\n";

    /// <summary><c>--skip-schema-validation</c>: for values the schema refuses, to see what the templates alone would make of them.</summary>
    public bool SkipSchemaValidation { get; init; }

    /// <summary><c>--kube-version</c>: the Kubernetes version Helm checks the chart's kubeVersion against.</summary>
    public string? KubeVersion { get; init; }

    /// <summary><c>--include-crds</c>: the chart's crds/ folder rendered too, as <c>helm install</c> applies it.</summary>
    public bool IncludeCrds { get; init; }

    public IEnumerable<string> TemplateArguments(string chart) =>
        ["template", ReleaseName, chart, "--namespace", Namespace, "--values", "-", .. Flags()];

    public IEnumerable<string> LintArguments(string chart) =>
        ["lint", "--strict", chart, "--namespace", Namespace, "--values", "-", .. Flags()];

    /// <summary><c>helm install --dry-run=client --output json</c>: the release as Helm 4 would install it, NOTES.txt included.</summary>
    public IEnumerable<string> InstallDryRunArguments(string chart) =>
        ["install", ReleaseName, chart, "--namespace", Namespace, "--values", "-", "--dry-run=client", "--output", "json", .. Flags()];

    private IEnumerable<string> Flags()
    {
        if (IncludeCrds)
        {
            yield return "--include-crds";
        }

        if (SkipSchemaValidation)
        {
            yield return "--skip-schema-validation";
        }

        if (KubeVersion is not null)
        {
            yield return "--kube-version";
            yield return KubeVersion;
        }
    }
}
