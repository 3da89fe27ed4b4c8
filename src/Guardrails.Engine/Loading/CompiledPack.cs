using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Loading;

/// <summary>
/// A policy pack compiled when the program is built: its policy documents as JSON, already read from YAML and checked
/// by every check of <see cref="PolicyLoader"/>, with the revision of their sources. Loading it skips the YAML reader,
/// the format schema and the content hash; the policies are compiled exactly as the loader compiles them.
/// </summary>
/// <remarks>
/// The form is <c>{"format":1,"revision":"…","policies":[{"source":"…","document":{…}}]}</c>, in load order. It is
/// written only from sources that load without a problem, so a pack with problems is never built; its documents are
/// trusted to have the policy format (a document of another shape is not checked against the format schema again).
/// </remarks>
public static class CompiledPack
{
    private const int Format = 1;

    /// <summary>
    /// Loads <paramref name="sources"/> with every check of <see cref="PolicyLoader.Load"/>; their compiled form (UTF-8
    /// JSON) when they load, otherwise every problem, as the loader reports them.
    /// </summary>
    public static (byte[]? Pack, IReadOnlyList<LoadProblem> Problems) Compile(IReadOnlyList<PolicyFile> sources)
    {
        var result = PolicyLoader.Load(sources);
        if (result.PolicySet is not { } set)
        {
            return (null, result.Problems);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", Format);
            writer.WriteString("revision", set.Revision);
            writer.WriteStartArray("policies");
            foreach (var source in sources)
            {
                foreach (var document in YamlDocumentReader.Read(source.Text).Where(d => d.Root is not null))
                {
                    writer.WriteStartObject();
                    writer.WriteString("source", source.Name);
                    writer.WritePropertyName("document");
                    document.Root!.Value.WriteTo(writer);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return (buffer.ToArray(), []);
    }

    /// <summary>
    /// Loads a compiled pack: its policies compiled, with the revision it carries. <paramref name="name"/> names the pack
    /// in the problems of a form this build cannot read (a pack from another build, or damaged).
    /// </summary>
    public static PolicyLoadResult Load(ReadOnlyMemory<byte> pack, string name)
    {
        JsonElement root;
        try
        {
            // Not disposed: the compiled policies may keep elements of it.
            root = JsonDocument.Parse(pack).RootElement;
        }
        catch (JsonException ex)
        {
            return Unreadable(name, $"is not a compiled policy pack: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version)
            || version != Format
            || !root.TryGetProperty("revision", out var revision) || revision.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("policies", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return Unreadable(name, $"is not a compiled policy pack of format {Format}");
        }

        var problems = new List<LoadProblem>();
        var documents = new List<(string Source, SourceDocument Document)>();
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("document", out var document) || document.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new LoadProblem(name, 0, 0, $"policy {index} of the compiled pack has no source or document"));
                continue;
            }

            documents.Add((source.GetString()!, new SourceDocument(index, new SourcePosition(0, 0), document, SourceMap.Empty, null)));
            index++;
        }

        // The policies are independent until their ids are compared, so they compile on every core: a short run has
        // other work for the main thread meanwhile (docs/performance.md, start-up). Their order stays the sources'.
        var compiled = new (Policy? Policy, List<LoadProblem> Problems)[documents.Count];
        Parallel.For(0, documents.Count, i => compiled[i] = CompileEntry(documents[i].Source, documents[i].Document));

        var policies = new List<Policy>();
        var firstSeen = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < documents.Count; i++)
        {
            problems.AddRange(compiled[i].Problems);
            if (compiled[i].Policy is { } policy)
            {
                PolicyLoader.Register(documents[i].Source, documents[i].Document, policy, policies, firstSeen, problems);
            }
        }

        if (index == 0 && problems.Count == 0)
        {
            problems.Add(new LoadProblem(name, 0, 0, "the compiled pack holds no policy"));
        }

        return problems.Count == 0 ? new PolicyLoadResult(new PolicySet(policies, revision.GetString()!), []) : new PolicyLoadResult(null, problems);
    }

    private static (Policy? Policy, List<LoadProblem> Problems) CompileEntry(string source, SourceDocument document)
    {
        var problems = new List<LoadProblem>();
        try
        {
            return (PolicyLoader.LoadDocument(source, document, formatChecked: true, problems), problems);
        }
        catch (JsonException ex)
        {
            // Only a pack that was not written by Compile: the format was checked when it was built.
            problems.Add(new LoadProblem(source, 0, 0, $"policy {document.Index} of the compiled pack cannot be read: {ex.Message}"));
            return (null, problems);
        }
    }

    private static PolicyLoadResult Unreadable(string name, string message) => new(null, [new LoadProblem(name, 0, 0, message)]);
}
