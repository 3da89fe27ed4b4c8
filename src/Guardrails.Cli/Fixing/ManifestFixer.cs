using System.Text.Json.Nodes;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Yaml;
using Guardrails.Yaml.Layout;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Fixes one input: judges its objects as <c>guardrails check</c> does, turns each object's mutating-webhook patch into
/// members added to the text (<see cref="InsertionPlan"/>, <see cref="YamlTextEditor"/>), then reads the new text
/// back and keeps it only if every edited document reads as its object with exactly the patch applied (and the others
/// unchanged), so a fix can never change what it does not mean to. The fixed text is judged again for the report.
/// An input with a document that cannot be read is left as it is.
/// </summary>
internal sealed class ManifestFixer(ObjectJudge judge)
{
    /// <summary>Fixes <paramref name="input"/>, read as <paramref name="whole"/>.</summary>
    public FileFix Fix(InputSource input, WholeInput whole)
    {
        var file = input.DisplayPath;
        var (text, documents, manifest) = (whole.Text, whole.Documents, whole.Manifest);
        var judged = manifest.Objects.Select(judge.Judge).ToList();
        var report = new FileReport(file, judged, manifest.Skipped, manifest.Problems);
        if (manifest.Problems.Count > 0 || judged.All(o => o.Result.Patch.Count == 0))
        {
            return new FileFix(input, text.Text, null, [], [], report);
        }

        var (splices, insertions, refused) = Plan(text.Text, judged);
        var fields = new List<FieldFix>();
        if (splices.Count == 0)
        {
            fields.AddRange(Attribute(judged, refused, _ => judged[0].Position, file));
            return new FileFix(input, text.Text, null, [], fields, report);
        }

        var ordered = TextSplice.Order(splices);
        var fixedText = TextSplice.Apply(text.Text, ordered);
        var readBack = fixedText is null ? null : ReadBackEdited(file, text.Text, fixedText, documents, insertions, report) ?? ReadBackWhole(file, fixedText, documents, insertions);
        if (readBack is null)
        {
            var problem = new InputProblem(file, 0, 0, "not fixed: the edited text did not read back as the patched objects, so the file is left as it was (please report this file)");
            return new FileFix(input, text.Text, null, [], [], report with { Problems = [.. report.Problems, problem] });
        }

        var (after, positions) = readBack.Value;
        fields.AddRange(Attribute(judged, refused, key => positions.TryGetValue(key.Object, out var fixedObject) ? fixedObject.PositionOf(key.Pointer) : default, file));
        return new FileFix(input, text.Text, fixedText, ordered, fields, after, report);
    }

    // The fixed text read back whole: check's report of it, and its objects by document and pointer; null when an edited
    // document does not read as its old self with the insertions made.
    private (FileReport Report, Dictionary<(int, string), ManifestObject> Objects)? ReadBackWhole(string file, string fixedText, IReadOnlyList<SourceDocument> documents, Dictionary<int, List<FieldInsertion>> insertions)
    {
        var reread = YamlDocumentReader.Read(fixedText, ManifestReader.Limits);
        if (!ReadsAsPatched(documents, reread, insertions))
        {
            return null;
        }

        var after = ManifestReader.FromDocuments(file, reread, []);
        return (new FileReport(file, [.. after.Objects.Select(judge.Judge)], after.Skipped, after.Problems), after.Objects.ToDictionary(o => (o.Document, o.SourcePointer)));
    }

    // The fixed text read back a document at a time: only the documents whose text changed are read and judged again (each
    // must read as its old self with the insertions made); every other document must be byte for byte as it was, so its
    // objects, verdicts and skipped documents are those already found, moved down by the lines inserted above it. Null
    // when the documents cannot be matched one to one (the whole text is then read back instead).
    private (FileReport Report, Dictionary<(int, string), ManifestObject> Objects)? ReadBackEdited(string file, string text, string fixedText, IReadOnlyList<SourceDocument> documents, Dictionary<int, List<FieldInsertion>> insertions, FileReport asRead)
    {
        var spans = DocumentSpans.Of(text);
        var fixedSpans = DocumentSpans.Of(fixedText);
        if (spans.Count != documents.Count || fixedSpans.Count != documents.Count || asRead.Problems.Count > 0)
        {
            return null;
        }

        var lines = LinesBefore(text, spans);
        var fixedLines = LinesBefore(fixedText, fixedSpans);
        var objects = new List<ObjectReport>(asRead.Objects.Count);
        var skipped = new List<SkippedDocument>(asRead.Skipped.Count);
        var problems = new List<InputProblem>();
        var fixedObjects = new Dictionary<(int, string), ManifestObject>();
        var judged = asRead.Objects.ToLookup(o => o.Document);
        for (var index = 0; index < documents.Count; index++)
        {
            var (start, end) = spans[index];
            var (fixedStart, fixedEnd) = fixedSpans[index];
            if (fixedText.AsSpan(fixedStart, fixedEnd - fixedStart).SequenceEqual(text.AsSpan(start, end - start)))
            {
                var shift = fixedLines[index] - lines[index];
                var next = index + 1 < documents.Count ? lines[index + 1] : int.MaxValue;
                objects.AddRange(judged[index].Select(o => Moved(o, shift)));
                skipped.AddRange(asRead.Skipped.Where(d => d.Position.Line > lines[index] && d.Position.Line <= next).Select(d => d with { Position = Moved(d.Position, shift) }));
                continue;
            }

            var reread = YamlDocumentReader.Read(new YamlTextPart(fixedText[fixedStart..fixedEnd], fixedLines[index]), ManifestReader.Limits);
            if (reread.Count != 1 || !ReadsAsPatched(documents[index], reread[0], insertions.GetValueOrDefault(index) ?? []))
            {
                return null;
            }

            var after = ManifestReader.FromDocuments(file, [reread[0] with { Index = index }], []);
            objects.AddRange(after.Objects.Select(judge.Judge));
            skipped.AddRange(after.Skipped);
            problems.AddRange(after.Problems);
            foreach (var manifest in after.Objects)
            {
                fixedObjects[(manifest.Document, manifest.SourcePointer)] = manifest;
            }
        }

        return (new FileReport(file, objects, skipped, problems), fixedObjects);
    }

    // How many lines come before each span.
    private static int[] LinesBefore(string text, List<(int Start, int End)> spans)
    {
        var lines = new int[spans.Count];
        var (at, count) = (0, 0);
        for (var i = 0; i < spans.Count; i++)
        {
            count += text.AsSpan(at, spans[i].Start - at).Count('\n');
            at = spans[i].Start;
            lines[i] = count;
        }

        return lines;
    }

    private static ObjectReport Moved(ObjectReport report, int shift) => shift == 0 ? report : report with
    {
        Position = Moved(report.Position, shift),
        Findings = [.. report.Findings.Select(f => f with { Position = Moved(f.Position, shift) })],
        Exemptions = [.. report.Exemptions.Select(e => e with { Position = Moved(e.Position, shift) })],
    };

    private static SourcePosition Moved(SourcePosition position, int shift) => position.Line > 0 ? position with { Line = position.Line + shift } : position;

    // The splices of every object's patch, the insertions they make by document, and what cannot be made (by document
    // pointer) with the reason.
    private static (List<TextSplice> Splices, Dictionary<int, List<FieldInsertion>> Insertions, Dictionary<(int Document, string Pointer), string> Refused) Plan(string text, List<ObjectReport> judged)
    {
        var spans = DocumentSpans.Of(text);
        var splices = new List<TextSplice>();
        var made = new Dictionary<int, List<FieldInsertion>>();
        var refused = new Dictionary<(int, string), string>();
        foreach (var byDocument in judged.Where(o => o.Result.Patch.Count > 0).GroupBy(o => o.Document))
        {
            var insertions = new List<FieldInsertion>();
            foreach (var item in byDocument)
            {
                var (planned, notPlanned) = InsertionPlan.Of(item.Result.Patch, item.SourcePointer);
                insertions.AddRange(planned);
                foreach (var (pointer, reason) in notPlanned)
                {
                    refused[(byDocument.Key, pointer)] = reason;
                }
            }

            var layout = byDocument.Key < spans.Count ? Layout(text, spans[byDocument.Key]) : null;
            if (layout is null)
            {
                foreach (var insertion in insertions)
                {
                    refused[(byDocument.Key, insertion.Pointer)] = "the document could not be laid out for editing";
                }

                continue;
            }

            var (edits, notEdited) = new YamlTextEditor(text, layout).Edit(insertions);
            foreach (var (insertion, reason) in notEdited)
            {
                refused[(byDocument.Key, insertion.Pointer)] = reason;
            }

            splices.AddRange(edits);
            made[byDocument.Key] = [.. insertions.Where(i => !notEdited.Any(n => ReferenceEquals(n.Insertion, i)))];
        }

        return (splices, made, refused);
    }

    // Plain block YAML is laid out by the engine's block reader; what it declines, by YamlDotNet's parser.
    private static LayoutDocument? Layout(string text, (int Start, int End) span) =>
        BlockLayoutReader.Read(text, span.Start, span.End, ManifestReader.Limits) ?? LayoutReader.Read(text, span.Start, span.End);

    // Every edited document must read back as its old self with the insertions made, and nothing else may differ.
    private static bool ReadsAsPatched(IReadOnlyList<SourceDocument> before, IReadOnlyList<SourceDocument> after, Dictionary<int, List<FieldInsertion>> insertions) =>
        before.Count == after.Count && insertions.All(i => ReadsAsPatched(before[i.Key], after[i.Key], i.Value));

    private static bool ReadsAsPatched(SourceDocument before, SourceDocument after, List<FieldInsertion> made)
    {
        if (before.Root is not { } root || after is not { Error: null, Root: { } read })
        {
            return false;
        }

        if (InsertedComparison.ReadsAsInserted(root, read, made) is { } decided)
        {
            return decided;
        }

        var expected = JsonNode.Parse(root.GetRawText());
        foreach (var insertion in made)
        {
            if (!Insert(expected, insertion))
            {
                return false;
            }
        }

        return JsonNode.DeepEquals(expected, JsonNode.Parse(read.GetRawText()));
    }

    private static bool Insert(JsonNode? root, FieldInsertion insertion)
    {
        var node = root;
        foreach (var token in insertion.Parent)
        {
            node = node switch
            {
                JsonObject members => members[token],
                JsonArray items when int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < items.Count => items[index],
                _ => null,
            };
        }

        if (node is not JsonObject parent)
        {
            return false;
        }

        parent[insertion.Key] = insertion.Value?.DeepClone();
        return true;
    }

    // Each field the webhook's patch sets, placed where it now stands, or marked with why the file does not get it.
    private static IEnumerable<FieldFix> Attribute(List<ObjectReport> judged, Dictionary<(int Document, string Pointer), string> refused, Func<((int, string) Object, string Pointer), SourcePosition> position, string file)
    {
        foreach (var item in judged)
        {
            foreach (var change in item.Result.Changes)
            {
                var pointer = item.SourcePointer + change.Change.Pointer;
                var reason = refused.FirstOrDefault(r => r.Key.Document == item.Document && (pointer == r.Key.Pointer || pointer.StartsWith(r.Key.Pointer + "/", StringComparison.Ordinal))).Value;
                yield return reason is null
                    ? new FieldFix(file, position(((item.Document, item.SourcePointer), change.Change.Pointer)), change, null, item.Position)
                    : new FieldFix(file, item.Position, change, reason, item.Position);
            }
        }
    }
}
