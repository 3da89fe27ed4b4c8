using Guardrails.Cli.Reading;
using Guardrails.Engine.Format;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>What a check knows before it reads any input.</summary>
/// <param name="Policies">The policy set that judges.</param>
/// <param name="PolicyFile">Where the policies came from: <c>built-in</c> or the folders given.</param>
/// <param name="Revision">The policy set's revision, and the exemptions' after a <c>+</c> when loaded.</param>
/// <param name="FailOn">The least action that fails the run.</param>
/// <param name="Files">How many inputs there are.</param>
/// <param name="Problems">Problems that belong to no input's content (missing paths).</param>
/// <param name="SkippedPaths">Entries of the folders given that are not read.</param>
internal sealed record CheckStart(
    PolicySet Policies,
    string PolicyFile,
    string Revision,
    PolicyAction FailOn,
    int Files,
    IReadOnlyList<InputProblem> Problems,
    IReadOnlyList<SkippedPath> SkippedPaths);
