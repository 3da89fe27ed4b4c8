
namespace Guardrails.Cli.Reporting;

/// <summary>
/// Receives what a check finds as it is judged: <see cref="Begin"/>, then each input's parts and its completion, then
/// <see cref="End"/>. Inputs are judged in parallel: the parts of one input come in order, from one thread at a time,
/// and parts of different inputs may come at the same time on different threads.
/// </summary>
internal interface ICheckSink
{
    /// <summary>Before any input: the run's context and the problems found before reading.</summary>
    void Begin(CheckStart start);

    /// <summary>A judged part of input <paramref name="input"/> (the whole input, unless it is read in parts).</summary>
    void Judged(int input, FileReport part);

    /// <summary>Input <paramref name="input"/>, shown as <paramref name="file"/>, has no more parts.</summary>
    void Completed(int input, string file);

    /// <summary>After every input is complete: what is known only then.</summary>
    void End(CheckEnd end);
}
