using System.Text.Json;

namespace Guardrails.Yaml.Tests.Conformance;

/// <summary>How one way of reading fares on one case of the YAML Test Suite.</summary>
internal static class YamlSuiteRun
{
    public const string Agrees = "agrees";

    /// <summary>The fast parser left the document to YamlDotNet: nothing of its own to judge.</summary>
    public const string Declines = "declines";

    public const string AcceptsInvalid = "accepts-invalid";
    public const string RefusesValid = "refuses-valid";
    public const string ReadsDifferently = "reads-differently";

    /// <summary>A valid case the suite gives no JSON for (complex keys and the like), read as something anyway.</summary>
    public const string ReadsUnverified = "reads-unverified";

    public const string Throws = "throws";

    /// <summary>The reader as the engine uses it: the fast parser where it accepts a document, YamlDotNet for the rest.</summary>
    public static string Reader(YamlSuiteCase suiteCase) => Judge(suiteCase, () => YamlDocumentReader.Read(suiteCase.Yaml));

    /// <summary>Every document through YamlDotNet's scanner and the tree builder.</summary>
    public static string YamlDotNet(YamlSuiteCase suiteCase) =>
        Judge(suiteCase, () => YamlDocumentReader.Read(new YamlTextPart(WithoutByteOrderMark(suiteCase.Yaml), 0), null, trackPositions: true, blockParser: false));

    /// <summary>The fast parser alone: judged only when it accepts every document of the case.</summary>
    public static string Block(YamlSuiteCase suiteCase)
    {
        var documents = new List<SourceDocument>();
        try
        {
            foreach (var chunk in DocumentChunks.Split(WithoutByteOrderMark(suiteCase.Yaml)))
            {
                if (chunk.Text.Contains('\0', StringComparison.Ordinal)
                    || BlockYamlParser.TryParseStrict(chunk.Text, chunk.LineOffset, YamlReadLimits.Default) is not { } root)
                {
                    return Declines;
                }

                var (json, map, error) = new YamlJsonEmitter(YamlReadLimits.Default, trackPositions: true, chunk.Text.Length).Emit(root);
                documents.Add(new SourceDocument(documents.Count, root.Start, json, map, error));
            }
        }
#pragma warning disable CA1031 // Any exception is an outcome to report, not to crash the run on.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Throws;
        }

        return documents.Count == 0 ? Declines : Judge(suiteCase, () => documents);
    }

    private static string Judge(YamlSuiteCase suiteCase, Func<IReadOnlyList<SourceDocument>> read)
    {
        IReadOnlyList<SourceDocument> documents;
        try
        {
            documents = read();
        }
#pragma warning disable CA1031 // Any exception is an outcome to report, not to crash the run on.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Throws;
        }

        var refused = documents.Any(d => d.Error is not null);
        if (suiteCase.IsError)
        {
            return refused ? Agrees : AcceptsInvalid;
        }

        if (refused)
        {
            return RefusesValid;
        }

        if (suiteCase.Json is not { } expected)
        {
            return ReadsUnverified;
        }

        var actual = documents.Select(d => d.Root).ToList();
        var same = actual.Count == expected.Count && actual.Zip(expected).All(pair => SameValue(pair.First, pair.Second));
        return same ? Agrees : ReadsDifferently;
    }

    /// <summary>What the reader made of the case, in one line, for failure messages.</summary>
    public static string Describe(YamlSuiteCase suiteCase, bool blockParser)
    {
        try
        {
            var documents = YamlDocumentReader.Read(new YamlTextPart(WithoutByteOrderMark(suiteCase.Yaml), 0), null, trackPositions: true, blockParser);
            return string.Join(" | ", documents.Select(d => d.Error is { } error ? $"error {error.Position.Line}:{error.Position.Column} {error.Message}" : d.Root?.GetRawText() ?? "(empty)"));
        }
#pragma warning disable CA1031 // Any exception is an outcome to report, not to crash the run on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
    }

    // An empty document reads as no value; the suite writes it as null.
    private static bool SameValue(JsonElement? actual, JsonElement expected) =>
        actual is { } value ? JsonElement.DeepEquals(value, expected) : expected.ValueKind == JsonValueKind.Null;

    private static string WithoutByteOrderMark(string text) => text.StartsWith('\uFEFF') ? text[1..] : text;
}
