using System.Text.Json;
using Guardrails.Yaml;

namespace Guardrails.Cli.Reading;

/// <summary>
/// Splits documents already read into Kubernetes objects: every YAML or JSON document, and every item of a
/// <c>kind: List</c> (or <c>*List</c>). Broken documents become problems and other documents are
/// skipped with a reason; neither hides the objects around them.
/// </summary>
internal static class ManifestReader
{
    /// <summary>
    /// Limits for manifests: the API server refuses request bodies over 3 MiB, so no admissible object is larger;
    /// the text limit leaves room for comments and indentation.
    /// </summary>
    public static YamlReadLimits Limits { get; } = new() { MaxJsonBytes = 3 * 1024 * 1024, MaxDocumentChars = 16 * 1024 * 1024 };

    /// <summary>The manifests of a whole text (a long one read on every core, <see cref="ManifestInputs.ReadDocuments"/>).</summary>
    public static ManifestFile Read(string file, InputText input, bool trackPositions = true) =>
        FromDocuments(file, ManifestInputs.ReadDocuments(input.Text, trackPositions), input.InvalidUtf8Lines);

    /// <summary>The objects, skipped documents and problems of documents already read.</summary>
    /// <param name="file">The input's display path.</param>
    /// <param name="documents">Every document of the input, or of a part of a clean input (no invalid UTF-8).</param>
    /// <param name="invalidUtf8Lines">The input's lines holding invalid UTF-8.</param>
    public static ManifestFile FromDocuments(string file, IReadOnlyList<SourceDocument> documents, IReadOnlyList<int> invalidUtf8Lines)
    {
        var objects = new List<ManifestObject>();
        var skipped = new List<SkippedDocument>();
        var problems = new List<InputProblem>();
        for (var index = 0; index < documents.Count; index++)
        {
            var document = documents[index];
            var invalidLine = FirstInvalidLine(invalidUtf8Lines, documents, index);
            if (invalidLine > 0)
            {
                problems.Add(new InputProblem(file, invalidLine, 1, "the text is not valid UTF-8 (binary data?)"));
                continue;
            }

            if (document.Error is { } error)
            {
                problems.Add(new InputProblem(file, error.Position.Line, error.Position.Column, error.Message));
                continue;
            }

            if (document.Root is { } root)
            {
                ReadObject(file, document, root, string.Empty, objects, skipped);
            }
        }

        return new ManifestFile(file, objects, skipped, problems);
    }

    private static void ReadObject(string file, SourceDocument document, JsonElement element, string pointer, List<ManifestObject> objects, List<SkippedDocument> skipped)
    {
        var position = document.Map.Find(pointer) ?? document.Start;
        if (element.ValueKind != JsonValueKind.Object)
        {
            skipped.Add(new SkippedDocument(file, position, $"not a Kubernetes object: the {(pointer.Length == 0 ? "document" : "list item")} is {Describe(element.ValueKind)}"));
            return;
        }

        var apiVersion = StringField(element, "apiVersion");
        var kind = StringField(element, "kind");
        if (apiVersion is null || kind is null)
        {
            var missing = (apiVersion, kind) switch
            {
                (null, null) => "apiVersion and kind",
                (null, _) => "apiVersion",
                _ => "kind",
            };
            skipped.Add(new SkippedDocument(file, position, $"not a Kubernetes object: it has no {missing}"));
            return;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && element.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                ReadObject(file, document, item, $"{pointer}/items/{index++}", objects, skipped);
            }

            return;
        }

        element.TryGetProperty("metadata", out var metadata);
        var name = StringField(metadata, "name") ?? StringField(metadata, "generateName") ?? string.Empty;
        objects.Add(new ManifestObject(file, document.Index, pointer, element, document.Map, position, apiVersion, kind, StringField(metadata, "namespace"), name));
    }

    // Invalid bytes belong to the document whose lines hold them; lines before the first document belong to it.
    private static int FirstInvalidLine(IReadOnlyList<int> invalidLines, IReadOnlyList<SourceDocument> documents, int index)
    {
        if (invalidLines.Count == 0)
        {
            return 0;
        }

        var first = index == 0 ? 1 : documents[index].Start.Line;
        var end = index + 1 < documents.Count ? documents[index + 1].Start.Line : int.MaxValue;
        foreach (var line in invalidLines)
        {
            if (line >= first && line < end)
            {
                return line;
            }
        }

        return 0;
    }

    private static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a sequence",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
