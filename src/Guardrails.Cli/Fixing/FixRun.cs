using Guardrails.Cli.Reporting;

namespace Guardrails.Cli.Fixing;

/// <summary>Everything a fix run found: what each input's fix leaves for the summary, in input order, and the namespace context it was judged in.</summary>
/// <param name="Files">Each input's fix, delivered.</param>
/// <param name="Namespaces">The namespace context, as <c>guardrails check</c> reports it.</param>
internal sealed record FixRun(IReadOnlyList<FixedInput> Files, IReadOnlyList<NamespaceContext> Namespaces);

/// <summary>What the summary needs of one input's fix once it is written or printed (its texts are not kept).</summary>
/// <param name="Fields">Each field set, or left unset with the reason.</param>
/// <param name="Report">What <c>guardrails check</c> reports of the input as it now stands.</param>
/// <param name="Changed">True when a fix changes (or would change) the input.</param>
/// <param name="NotWritten">True when its fixed text could not be written.</param>
internal sealed record FixedInput(IReadOnlyList<FieldFix> Fields, FileReport Report, bool Changed, bool NotWritten);
