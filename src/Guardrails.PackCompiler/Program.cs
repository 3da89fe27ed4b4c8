using Guardrails.Engine.Loading;

namespace Guardrails.PackCompiler;

/// <summary>
/// <c>Guardrails.PackCompiler POLICIES_DIR OUTPUT</c>: compiles the built-in pack. Each source is named as the executable
/// names it (<c>policies/ID/policy.yaml</c>); a problem is printed in MSBuild's error form with the file's full path, so
/// the build fails with the loader's own message at its file and line. An OUTPUT ending in <c>.cs</c> gets the pack as
/// C# source (<see cref="PackSource"/>), which the executable compiles in; any other OUTPUT gets the pack's JSON.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Guardrails.PackCompiler POLICIES_DIR OUTPUT");
            return 2;
        }

        var folder = Path.GetFullPath(args[0]);
        var (files, readProblems) = PolicyFileReader.Read([folder]);
        var paths = files.ToDictionary(f => PackName(folder, f.Name), f => f.Name, StringComparer.Ordinal);
        var sources = files.Select(f => f with { Name = PackName(folder, f.Name) }).ToList();
        var (pack, problems) = readProblems.Count == 0 ? CompiledPack.Compile(sources) : (null, readProblems);
        if (pack is null)
        {
            foreach (var problem in problems)
            {
                var file = paths.GetValueOrDefault(problem.File, problem.File);
                var at = problem.Line > 0 ? $"({problem.Line},{problem.Column})" : string.Empty;
                Console.Error.WriteLine($"{file}{at}: error GRPACK: {problem.Message}");
            }

            Console.Error.WriteLine($"the built-in policy pack ({folder}) has {problems.Count} problem(s); the executable is not built");
            return 1;
        }

        var output = args[1].EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? PackSource.Write(pack) : pack;

        // Written only when it changed, so an unchanged pack does not rebuild the executable.
        if (!File.Exists(args[1]) || !File.ReadAllBytes(args[1]).AsSpan().SequenceEqual(output))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
            File.WriteAllBytes(args[1], output);
        }

        return 0;
    }

    private static string PackName(string folder, string file) => "policies/" + Path.GetRelativePath(folder, file).Replace('\\', '/');
}
