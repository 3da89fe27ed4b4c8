using System.Runtime.ExceptionServices;
using System.Text.Json;
using Guardrails.Yaml;
using Guardrails.Engine.Policies;

namespace Guardrails.Engine.Loading;

/// <summary>
/// One load of a compiled pack that several threads can share: the pack is read when the load begins, then every thread
/// that calls <see cref="Help"/> or <see cref="Complete"/> compiles the policies not yet taken, one at a time, and
/// <see cref="Complete"/> registers them in the pack's order once all are compiled. A thread that would otherwise wait
/// for the load does its share instead (a short run's main thread, once its command line is parsed). An unexpected
/// exception while compiling a policy is thrown by <see cref="Complete"/>; no thread is left waiting.
/// </summary>
public sealed class CompiledPackLoad
{
    private readonly string _name;
    private readonly string? _revision;
    private readonly List<LoadProblem> _readProblems;
    private readonly List<(string Source, SourceDocument Document)> _documents;
    private readonly (Policy? Policy, List<LoadProblem> Problems)[] _compiled;
    private readonly object _gate = new();
    private ExceptionDispatchInfo? _failure;
    private int _next = -1;
    private int _done;

    private CompiledPackLoad(string name, string? revision, List<LoadProblem> readProblems, List<(string, SourceDocument)> documents)
    {
        _name = name;
        _revision = revision;
        _readProblems = readProblems;
        _documents = documents;
        _compiled = new (Policy?, List<LoadProblem>)[documents.Count];
    }

    /// <summary>How many policies the pack holds (none when it could not be read).</summary>
    public int Count => _documents.Count;

    /// <summary>
    /// Reads <paramref name="pack"/>; nothing is compiled yet. <paramref name="name"/> names the pack in the problems of
    /// a form this build cannot read (a pack from another build, or damaged).
    /// </summary>
    public static CompiledPackLoad Begin(ReadOnlyMemory<byte> pack, string name)
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
            || version != CompiledPack.Format
            || !root.TryGetProperty("revision", out var revision) || revision.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("policies", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return Unreadable(name, $"is not a compiled policy pack of format {CompiledPack.Format}");
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

        return new CompiledPackLoad(name, revision.GetString()!, problems, documents);
    }

    /// <summary>Compiles policies not yet taken by another thread until none is left; returns without waiting for the others.</summary>
    public void Help()
    {
        for (var i = Interlocked.Increment(ref _next); i < _documents.Count; i = Interlocked.Increment(ref _next))
        {
            try
            {
                _compiled[i] = CompileEntry(_documents[i].Source, _documents[i].Document);
            }
            catch (Exception ex)
            {
                // A defect, not a problem of the pack: it is thrown by Complete, on the thread that wants the result, and
                // the policy still counts as done so that no thread waits for it forever.
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(ex), null);
            }
            finally
            {
                if (Interlocked.Increment(ref _done) == _documents.Count)
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
    }

    /// <summary>Helps until every policy is compiled, then registers them in the pack's order: the pack's policy set, or every problem.</summary>
    public PolicyLoadResult Complete()
    {
        Help();
        lock (_gate)
        {
            while (Volatile.Read(ref _done) < _documents.Count)
            {
                Monitor.Wait(_gate);
            }
        }

        _failure?.Throw();
        var problems = new List<LoadProblem>(_readProblems);
        var policies = new List<Policy>();
        var firstSeen = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < _documents.Count; i++)
        {
            problems.AddRange(_compiled[i].Problems);
            if (_compiled[i].Policy is { } policy)
            {
                PolicyLoader.Register(_documents[i].Source, _documents[i].Document, policy, policies, firstSeen, problems);
            }
        }

        if (_revision is not null && _documents.Count == 0 && problems.Count == 0)
        {
            problems.Add(new LoadProblem(_name, 0, 0, "the compiled pack holds no policy"));
        }

        return problems.Count == 0 ? new PolicyLoadResult(new PolicySet(policies, _revision!), []) : new PolicyLoadResult(null, problems);
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
            // Only a pack that was not written by CompiledPack.Compile: the format was checked when it was built.
            problems.Add(new LoadProblem(source, 0, 0, $"policy {document.Index} of the compiled pack cannot be read: {ex.Message}"));
            return (null, problems);
        }
    }

    private static CompiledPackLoad Unreadable(string name, string message) => new(name, null, [new LoadProblem(name, 0, 0, message)], []);
}
