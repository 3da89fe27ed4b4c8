using Guardrails.Engine.Format;

namespace Guardrails.Engine.Matching;

/// <summary>The facts about a request that <c>match</c> blocks look at.</summary>
internal sealed record MatchSubject(
    string Kind,
    AdmissionOperation Operation,
    string Namespace,
    ObjectLabels ObjectLabels,
    IReadOnlyDictionary<string, string>? NamespaceLabels);
