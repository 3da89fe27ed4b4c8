using System.Globalization;
using System.Text.Json;
using Guardrails.Engine.Format;
using Guardrails.Yaml;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Files;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Loading;

/// <summary>Loads the central exemptions file, checking every entry against the policy set it exempts from.</summary>
public static class ExemptionLoader
{
    /// <summary>Reads and loads an exemptions file.</summary>
    public static (ExemptionSet? Exemptions, IReadOnlyList<LoadProblem> Problems) LoadFile(string path, PolicySet policies)
    {
        var status = PathStatus.Of(path);
        if (status.Kind is not PathKind.File and not PathKind.Unreadable)
        {
            // A FIFO would block the read forever; a folder or nothing at all is a wrong path.
            return (null, [new LoadProblem(path, 0, 0, status.Kind == PathKind.Missing ? status.Description : $"is {status.Description}, not a file: it is not read")]);
        }

        try
        {
            return Load(new PolicyFile(path, File.ReadAllText(path)), policies);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [new LoadProblem(path, 0, 0, $"cannot be read: {ex.Message}")]);
        }
    }

    /// <summary>Loads an exemptions text.</summary>
    public static (ExemptionSet? Exemptions, IReadOnlyList<LoadProblem> Problems) Load(PolicyFile source, PolicySet policies)
    {
        var problems = new List<LoadProblem>();
        var entries = new List<Exemption>();
        foreach (var document in YamlDocumentReader.Read(source.Text))
        {
            if (document.Error is { } error)
            {
                problems.Add(new LoadProblem(source.Name, error.Position.Line, error.Position.Column, error.Message));
                continue;
            }

            if (document.Root is not { ValueKind: JsonValueKind.Object } root)
            {
                continue;
            }

            var formatProblems = new List<LoadProblem>();
            DocumentValidator.ValidateExemptions(document, source.Name, formatProblems, out var failedPointers);
            problems.AddRange(formatProblems);
            if (!root.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("exemptions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            // Entries without format problems are still checked against the policies, so every problem shows at once.
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var at = $"/spec/exemptions/{index++}";
                if (failedPointers.Any(p => p == at || p.StartsWith(at + "/", StringComparison.Ordinal) || at.StartsWith(p + "/", StringComparison.Ordinal) || p.Length == 0))
                {
                    continue;
                }

                var entrySpec = element.Deserialize(PolicyJsonContext.Default.ExemptionSpec)!;
                if (Compile(entrySpec, at, source.Name, document, policies, problems) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return problems.Count == 0 ? (new ExemptionSet(entries, ContentRevision.Of([source.Text])), []) : (null, problems);
    }

    private static Exemption? Compile(ExemptionSpec spec, string at, string file, SourceDocument document, PolicySet policies, List<LoadProblem> problems)
    {
        var before = problems.Count;
        var policy = policies.Find(spec.Policy);
        if (policy is null)
        {
            problems.Add(Problems.At(file, document, at + "/policy", $"no policy '{spec.Policy}' is loaded"));
        }
        else if (spec.Rule is not null && !policy.Rules.Any(r => r.Id == spec.Rule))
        {
            problems.Add(Problems.At(file, document, at + "/rule", $"policy '{spec.Policy}' has no rule '{spec.Rule}' (rules: {string.Join(", ", policy.Rules.Select(r => r.Id))})"));
        }

        if (!DateOnly.TryParseExact(spec.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
        {
            problems.Add(Problems.At(file, document, at + "/expires", $"'{spec.Expires}' is not a date (YYYY-MM-DD)"));
        }

        var line = document.Map.Find(at)?.Line ?? document.Start.Line;
        return problems.Count > before ? null : new Exemption(spec, expires, $"{file}:{line}");
    }
}
