using System.Text;
using Guardrails.Cli.Spooling;
using Guardrails.Yaml;

namespace Guardrails.Cli.Reading;

/// <summary>
/// The one way <c>check</c> and <c>fix</c> read their inputs. First <see cref="Survey{T}"/> reads every input for the
/// few objects that bear on all the others (Namespace objects, autoscalers), keeping only what it picks: standard
/// input, which cannot be read twice, is kept as bytes (a large one in a temporary file). Then each input is read again
/// when its turn comes: <see cref="ReadParts{T}"/> a part at a time (a large input on every core, a few parts in
/// flight), or <see cref="ReadWhole"/> at once with its text (to edit it). How an input is cut, on which cores its
/// parts are parsed and with what positions is decided here and nowhere else.
/// </summary>
/// <param name="collected">The inputs the paths expand to.</param>
/// <param name="standardInput">Opens standard input.</param>
/// <param name="spools">Makes the temporary file a large standard input is kept in (the system's temporary folder when null).</param>
internal sealed class ManifestInputs(CollectedInputs collected, Func<Stream> standardInput, Func<TempSpool>? spools = null) : IDisposable
{
    /// <summary>Inputs at least this long are read in parts on every core.</summary>
    public const int ParallelChars = 512 * 1024;

    /// <summary>The size of those parts.</summary>
    public const int PartChars = 128 * 1024;

    private readonly bool[] _inParts = new bool[collected.Inputs.Count];
    private (SpooledInput? Bytes, InputProblem? Problem) _standardInput;
    private bool _surveyed;

    /// <summary>The inputs the paths of a request name, or standard input when they name none.</summary>
    public static CollectedInputs Collect(IReadOnlyList<string> paths) => InputCollector.Collect(paths.Count == 0 ? ["-"] : paths);

    /// <summary>The inputs, in order.</summary>
    public IReadOnlyList<InputSource> Inputs => collected.Inputs;

    /// <summary>
    /// Reads every input on every core and returns what <paramref name="pick"/> keeps of its objects, in input order.
    /// Only the documents of a text that mentions one of <paramref name="mentions"/> (or holds a backslash, with which a
    /// quoted scalar can spell any word) are parsed, without positions. An input that cannot be read gives nothing here:
    /// reading it again says why.
    /// </summary>
    public IReadOnlyList<T> Survey<T>(IReadOnlyList<string> mentions, Func<ManifestObject, T?> pick)
        where T : class
    {
        var found = new List<T>[Inputs.Count];

        // One input is read on this thread: a short run then never starts the thread pool (docs/performance.md, start-up).
        if (Inputs.Count == 1)
        {
            SurveyInput(0);
        }
        else
        {
            Parallel.For(0, Inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, SurveyInput);
        }

        _surveyed = true;
        return [.. found.SelectMany(f => f)];

        void SurveyInput(int i)
        {
            found[i] = [];
            if (Inputs[i].IsStandardInput)
            {
                _standardInput = InputText.ReadStandardInput(Inputs[i], standardInput, spools ?? (() => TempSpool.Create()));
                _inParts[i] = _standardInput.Bytes is not { } bytes || SurveyOne(Inputs[i].DisplayPath, bytes.Open, bytes.Length, new Mentions(mentions), pick, found[i]);
            }
            else
            {
                _inParts[i] = InputText.OpenFile(Inputs[i]) is not ({ } stream, _) || SurveyOne(Inputs[i].DisplayPath, () => stream, stream.Length, new Mentions(mentions), pick, found[i]);
            }
        }
    }

    /// <summary>
    /// Reads input <paramref name="input"/> again and gives each part's manifests to <paramref name="each"/>, returning
    /// what it makes of them in order with the number of documents before the part (so that documents are numbered across
    /// the input as one read of the whole numbers them). A small input is one part; a large one is cut at document markers
    /// and its parts are read and given to <paramref name="each"/> on several threads, a few parts ahead. A large input
    /// that is not UTF-8 (the survey found out) is read whole instead, where each broken line is placed in its document.
    /// What cannot be read goes to <paramref name="failed"/>, after the parts read before it.
    /// </summary>
    public IEnumerable<(T Value, int DocumentsBefore)> ReadParts<T>(int input, Func<ManifestFile, T> each, Func<InputProblem, T> failed)
    {
        var source = Inputs[input];
        if (Open(input) is not { } stream)
        {
            yield return (failed(OpenProblem(input)!), 0);
            yield break;
        }

        using (stream)
        {
            if (stream.Length < ParallelChars || !_inParts[input])
            {
                stream.Dispose();
                var (whole, problem) = ReadWholeText(input);
                yield return whole is null ? (failed(problem!), 0) : (each(ManifestReader.FromDocuments(source.DisplayPath, ReadDocuments(whole.Text, trackPositions: true), whole.InvalidUtf8Lines)), 0);
                yield break;
            }

            var parts = InParts(ManifestStream.Parts(stream, PartChars), trackPositions: true, documents => each(ManifestReader.FromDocuments(source.DisplayPath, documents, [])));
            using var next = parts.GetEnumerator();
            while (true)
            {
                InputProblem? problem = null;
                try
                {
                    if (!next.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (DecoderFallbackException)
                {
                    // UTF-8 in the survey, not now: the parts before the broken byte are given already, and a part cannot
                    // be read both ways.
                    problem = new InputProblem(source.DisplayPath, 0, 0, "cannot read: the file changed while it was checked (its text is no longer UTF-8)");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problem = new InputProblem(source.DisplayPath, 0, 0, $"cannot read: {ex.Message}");
                }

                if (problem is not null)
                {
                    yield return (failed(problem), 0);
                    yield break;
                }

                yield return next.Current;
            }
        }
    }

    /// <summary>Reads input <paramref name="input"/> again, whole: its text, every document with positions, and its manifests.</summary>
    public (WholeInput? Input, InputProblem? Problem) ReadWhole(int input)
    {
        var (text, problem) = ReadWholeText(input);
        if (text is null)
        {
            return (null, problem);
        }

        var documents = ReadDocuments(text.Text, trackPositions: true);
        return (new WholeInput(text, documents, ManifestReader.FromDocuments(Inputs[input].DisplayPath, documents, text.InvalidUtf8Lines)), null);
    }

    /// <summary>
    /// Every document of a whole text, numbered from 0: a long text is cut at document markers and read on every core.
    /// </summary>
    public static IReadOnlyList<SourceDocument> ReadDocuments(string text, bool trackPositions)
    {
        if (text.Length < ParallelChars)
        {
            return YamlDocumentReader.Read(text, ManifestReader.Limits, trackPositions);
        }

        var documents = new List<SourceDocument>();
        foreach (var (part, before) in InParts(YamlDocumentReader.Partition(text, PartChars), trackPositions, read => read))
        {
            foreach (var document in part)
            {
                documents.Add(before == 0 ? document : document with { Index = document.Index + before });
            }
        }

        return documents;
    }

    public void Dispose() => _standardInput.Bytes?.Dispose();

    // Parts are read (and given to `each`) on the thread pool, a few ahead of the one being returned, and come back in
    // order with the count of documents before each.
    private static IEnumerable<(T Value, int DocumentsBefore)> InParts<T>(IEnumerable<YamlTextPart> parts, bool trackPositions, Func<IReadOnlyList<SourceDocument>, T> each)
    {
        var documentsBefore = 0;
        var inFlight = new Queue<Task<(T Value, int Documents)>>();
        try
        {
            foreach (var part in parts)
            {
                inFlight.Enqueue(Task.Run(() =>
                {
                    var documents = YamlDocumentReader.Read(part, ManifestReader.Limits, trackPositions);
                    return (each(documents), documents.Count);
                }));

                if (inFlight.Count >= PartsInFlight)
                {
                    var (value, documents) = inFlight.Dequeue().GetAwaiter().GetResult();
                    yield return (value, documentsBefore);
                    documentsBefore += documents;
                }
            }

            while (inFlight.Count > 0)
            {
                var (value, documents) = inFlight.Dequeue().GetAwaiter().GetResult();
                yield return (value, documentsBefore);
                documentsBefore += documents;
            }
        }
        finally
        {
            // A read that failed half way leaves parts in flight: they finish before their input is given up.
            try
            {
                Task.WaitAll([.. inFlight]);
            }
            catch (AggregateException)
            {
                // The failure that matters is the one already on its way out.
            }
        }
    }

    // Enough parts to keep every core busy while the next part is read, few enough that memory stays a few parts deep.
    private static int PartsInFlight => Math.Max(2, Environment.ProcessorCount * 2);

    // Reads one input for the survey; returns whether it can be read in parts (it is UTF-8).
    private static bool SurveyOne<T>(string file, Func<Stream> open, long length, Mentions mentions, Func<ManifestObject, T?> pick, List<T> found)
        where T : class
    {
        using var stream = open();
        try
        {
            if (length < ParallelChars)
            {
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                if (mentions.In(bytes))
                {
                    var text = InputText.Decode(bytes);
                    Pick(ManifestReader.FromDocuments(file, ReadDocuments(text.Text, trackPositions: false), text.InvalidUtf8Lines), pick, found);
                }

                return true;
            }

            foreach (var part in ManifestStream.Parts(stream, PartChars))
            {
                if (mentions.In(part.Text))
                {
                    Pick(ManifestReader.FromDocuments(file, YamlDocumentReader.Read(part, ManifestReader.Limits, trackPositions: false), []), pick, found);
                }
            }

            return true;
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: read whole, so that the documents holding the broken bytes are left out as judging leaves them out.
            found.Clear();
            stream.Position = 0;
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            var text = InputText.Decode(bytes);
            Pick(ManifestReader.FromDocuments(file, ReadDocuments(text.Text, trackPositions: false), text.InvalidUtf8Lines), pick, found);
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            found.Clear();
            return true;
        }
    }

    private static void Pick<T>(ManifestFile manifest, Func<ManifestObject, T?> pick, List<T> found)
        where T : class
    {
        foreach (var candidate in manifest.Objects)
        {
            if (pick(candidate) is { } picked)
            {
                found.Add(picked);
            }
        }
    }

    // The input's stream, to learn its length: null when it cannot be opened (OpenProblem says why).
    private Stream? Open(int input)
    {
        if (Inputs[input].IsStandardInput)
        {
            EnsureSurveyed();
            return _standardInput.Bytes?.Open();
        }

        return InputText.OpenFile(Inputs[input]).Stream;
    }

    private InputProblem? OpenProblem(int input) =>
        Inputs[input].IsStandardInput ? _standardInput.Problem : InputText.OpenFile(Inputs[input]).Problem;

    private (InputText? Text, InputProblem? Problem) ReadWholeText(int input)
    {
        if (!Inputs[input].IsStandardInput)
        {
            return InputText.Read(Inputs[input], standardInput);
        }

        EnsureSurveyed();
        return _standardInput.Bytes is { } bytes ? (InputText.Decode(bytes.ToArray()), null) : (null, _standardInput.Problem);
    }

    private void EnsureSurveyed()
    {
        if (!_surveyed)
        {
            throw new InvalidOperationException("standard input is read by the survey first: it cannot be read twice");
        }
    }

    // The words a text must hold for its documents to be parsed in the survey.
    private sealed class Mentions(IReadOnlyList<string> words)
    {
        private readonly byte[][] _utf8 = [.. words.Select(Encoding.UTF8.GetBytes), "\\"u8.ToArray()];

        public bool In(ReadOnlySpan<byte> utf8)
        {
            foreach (var word in _utf8)
            {
                if (utf8.IndexOf(word) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        public bool In(string text) =>
            words.Any(w => text.Contains(w, StringComparison.Ordinal)) || text.Contains('\\', StringComparison.Ordinal);
    }
}
