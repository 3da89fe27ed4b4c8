namespace Guardrails.Cli.Reporting;

/// <summary>Where a namespace's labels came from.</summary>
internal enum NamespaceLabelSource
{
    /// <summary>A Namespace object in the input.</summary>
    Input,

    /// <summary>The <c>--namespace-labels</c> option.</summary>
    Option,

    /// <summary>Not given: only the label the API server sets (<c>kubernetes.io/metadata.name</c>) is assumed.</summary>
    Assumed,

    /// <summary>Not given, and <c>--strict-namespaces</c>: every namespace selector is assumed to match.</summary>
    Unknown,
}
