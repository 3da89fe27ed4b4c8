using System.CommandLine;
using Guardrails.Cli.Commands;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;

namespace Guardrails.Cli;

internal static class Program
{
    public static int Main(string[] args) => Run(args);

    internal static int Run(string[] args)
    {
        BuiltInPackPrefetch.Start(args);
        try
        {
            return RunCommand(args);
        }
        finally
        {
            BuiltInPackPrefetch.Discard();
        }
    }

    private static int RunCommand(string[] args)
    {
        var root = new RootCommand("Guardrails: Kubernetes guardrails for CI and admission, from one policy set.");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(FixCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Run 'guardrails --help' for usage.");
            return ExitCodes.InputError;
        }

        return parsed.Invoke();
    }
}
