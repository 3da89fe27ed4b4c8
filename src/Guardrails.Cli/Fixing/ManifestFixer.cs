using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Cli.Checking;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Yaml;
using Guardrails.Engine.Json;
using Guardrails.Engine.Patching;

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
        var reread = fixedText is null ? null : YamlDocumentReader.Read(fixedText, ManifestReader.Limits);
        if (reread is null || !ReadsAsPatched(documents, reread, insertions))
        {
            var problem = new InputProblem(file, 0, 0, "not fixed: the edited text did not read back as the patched objects, so the file is left as it was (please report this file)");
            return new FileFix(input, text.Text, null, [], [], report with { Problems = [.. report.Problems, problem] });
        }

        var after = ManifestReader.FromDocuments(file, reread, []);
        var afterJudged = after.Objects.Select(judge.Judge).ToList();
        var positions = after.Objects.ToDictionary(o => (o.Document, o.SourcePointer));
        fields.AddRange(Attribute(judged, refused, key => positions.TryGetValue(key.Object, out var fixedObject) ? fixedObject.PositionOf(key.Pointer) : default, file));
        return new FileFix(input, text.Text, fixedText, ordered, fields, new FileReport(file, afterJudged, after.Skipped, after.Problems), report);
    }

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

            var layout = byDocument.Key < spans.Count ? LayoutReader.Read(text, spans[byDocument.Key].Start, spans[byDocument.Key].End) : null;
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

    // Every edited document must read back as its old self with the insertions made, and nothing else may differ.
    private static bool ReadsAsPatched(IReadOnlyList<SourceDocument> before, IReadOnlyList<SourceDocument> after, Dictionary<int, List<FieldInsertion>> insertions)
    {
        if (before.Count != after.Count)
        {
            return false;
        }

        foreach (var (index, made) in insertions)
        {
            if (before[index].Root is not { } root || after[index] is not { Error: null, Root: { } read })
            {
                return false;
            }

            var expected = JsonNode.Parse(root.GetRawText());
            foreach (var insertion in made)
            {
                if (!Insert(expected, insertion))
                {
                    return false;
                }
            }

            if (!JsonNode.DeepEquals(expected, JsonNode.Parse(read.GetRawText())))
            {
                return false;
            }
        }

        return true;
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
