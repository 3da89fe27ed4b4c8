using System.Text.Json;
using Guardrails.Yaml;

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
    /// <summary>The version of the form <see cref="Compile"/> writes and <see cref="CompiledPackLoad"/> reads.</summary>
    internal const int Format = 1;

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
    /// Loads a compiled pack: its policies compiled (on every core), with the revision it carries. <paramref name="name"/>
    /// names the pack in the problems of a form this build cannot read (a pack from another build, or damaged).
    /// </summary>
    public static PolicyLoadResult Load(ReadOnlyMemory<byte> pack, string name)
    {
        var load = CompiledPackLoad.Begin(pack, name);

        // The policies are independent until their ids are compared, so they compile on every core.
        Parallel.For(0, Math.Min(Environment.ProcessorCount, load.Count), _ => load.Help());
        return load.Complete();
    }
}
