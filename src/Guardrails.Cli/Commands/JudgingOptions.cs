using System.CommandLine;
using Guardrails.Cli.Checking;
using Guardrails.Engine.Format;

namespace Guardrails.Cli.Commands;

/// <summary>
/// The options <c>check</c> and <c>fix</c> share, defined once so both judge with the same words: which policies and
/// exemptions, the namespace context objects are judged in, and the least action that fails the run.
/// </summary>
internal sealed class JudgingOptions
{
    public JudgingOptions(string failOnDescription)
    {
        FailOn = new Option<string>("--fail-on") { Description = failOnDescription, DefaultValueFactory = _ => "deny" };
        FailOn.AcceptOnlyFromAmong("deny", "warn");
    }

    public Option<string[]> Policies { get; } = new("--policies", "-p") { Description = "Policy folder or file (repeatable); `built-in` names the pack inside the binary, the default when none is given.", AllowMultipleArgumentsPerToken = false };

    public Option<string?> Exemptions { get; } = new("--exemptions", "-e") { Description = "Exemptions file (kind: Exemptions)." };

    public Option<string> Namespace { get; } = new("--namespace", "-n") { Description = "Namespace of objects that name none.", DefaultValueFactory = _ => "default" };

    public Option<string[]> NamespaceLabels { get; } = new("--namespace-labels") { Description = $"Labels of a namespace, as {NamespaceLabelsOption.Syntax} (repeatable); NAMESPACE= states it has none." };

    public Option<bool> StrictNamespaces { get; } = new("--strict-namespaces") { Description = "Treat namespaces whose labels are not given as matching every namespace selector (fail closed)." };

    public Option<string> FailOn { get; }

    /// <summary>The options but <c>--fail-on</c>, which each command lists where its help reads best.</summary>
    public IEnumerable<Option> Context => [Policies, Exemptions, Namespace, NamespaceLabels, StrictNamespaces];

    /// <summary>The values given, with the command's <paramref name="paths"/>.</summary>
    public JudgingSettings Read(ParseResult result, Argument<string[]> paths) => new(
        result.GetValue(paths) ?? [],
        result.GetValue(Policies) ?? [],
        result.GetValue(Exemptions),
        result.GetValue(Namespace)!,
        result.GetValue(NamespaceLabels) ?? [],
        result.GetValue(StrictNamespaces),
        result.GetValue(FailOn) == "warn" ? PolicyAction.Warn : PolicyAction.Deny);
}
