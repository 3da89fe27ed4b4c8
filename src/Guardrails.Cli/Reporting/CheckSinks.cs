
namespace Guardrails.Cli.Reporting;

/// <summary>Passes what a check finds to several sinks (several reports written as the check goes), in turn.</summary>
internal sealed class CheckSinks(IReadOnlyList<ICheckSink> sinks) : ICheckSink
{
    public void Begin(CheckStart start)
    {
        foreach (var sink in sinks)
        {
            sink.Begin(start);
        }
    }

    public void Judged(int input, FileReport part)
    {
        foreach (var sink in sinks)
        {
            sink.Judged(input, part);
        }
    }

    public void Completed(int input, string file)
    {
        foreach (var sink in sinks)
        {
            sink.Completed(input, file);
        }
    }

    public void End(CheckEnd end)
    {
        foreach (var sink in sinks)
        {
            sink.End(end);
        }
    }
}
