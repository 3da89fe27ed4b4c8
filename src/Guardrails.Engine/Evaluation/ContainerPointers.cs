using System.Globalization;
using Guardrails.Engine.Matching;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// The pointers of the first containers of every pod spec a kind can carry (<c>/spec/template/spec/containers/0</c>),
/// spelled out once per process: a finding, an exemption, a fix and its patch each need its container's pointer, and
/// the fix planner looks containers up by it.
/// </summary>
internal static class ContainerPointers
{
    /// <summary>How many containers of each list have their pointer kept; later ones are spelled out when asked for.</summary>
    public const int Kept = 16;

    private static readonly string[] Lists = ["containers", "initContainers", "ephemeralContainers"];

    // Every pointer a pod spec can sit at, and its table once a pod spec there has been judged: a process that judges only
    // Deployments spells out only theirs. Two threads that build a table at once build equal ones.
    private static readonly string[] PodSpecPointers = DistinctPodSpecPointers();
    private static readonly string[][]?[] Tables = new string[][]?[PodSpecPointers.Length];

    /// <summary>The kept pointers under <paramref name="podSpecPointer"/>, by list (see <see cref="Of"/>); null for another pointer.</summary>
    public static string[][]? Under(string podSpecPointer)
    {
        for (var i = 0; i < PodSpecPointers.Length; i++)
        {
            // The locator hands out its own instances, so the reference nearly always matches first.
            if (ReferenceEquals(PodSpecPointers[i], podSpecPointer) || string.Equals(PodSpecPointers[i], podSpecPointer, StringComparison.Ordinal))
            {
                return Volatile.Read(ref Tables[i]) ?? Publish(i);
            }
        }

        return null;
    }

    /// <summary>The pointer of container <paramref name="index"/> of <paramref name="field"/>, from <paramref name="kept"/> when it holds it.</summary>
    public static string Of(string[][]? kept, string podSpecPointer, string field, int index)
    {
        var list = Array.IndexOf(Lists, field);
        return kept is not null && list >= 0 && index < Kept
            ? kept[list][index]
            : Spelled(podSpecPointer, field, index);
    }

    /// <summary>The pointer as <see cref="Target.Pointer"/> has always spelled it.</summary>
    public static string Spelled(string podSpecPointer, string field, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{podSpecPointer}/{field}/{index}");

    // Published with a full fence, so that a thread that sees the table sees every pointer in it.
    private static string[][] Publish(int i)
    {
        var built = Table(PodSpecPointers[i]);
        return Interlocked.CompareExchange(ref Tables[i], built, null) ?? built;
    }

    private static string[][] Table(string podSpecPointer)
    {
        var table = new string[Lists.Length][];
        for (var list = 0; list < Lists.Length; list++)
        {
            table[list] = new string[Kept];
            for (var index = 0; index < Kept; index++)
            {
                table[list][index] = Spelled(podSpecPointer, Lists[list], index);
            }
        }

        return table;
    }

    private static string[] DistinctPodSpecPointers()
    {
        var pointers = new List<string>();
        foreach (var kind in PodSpecLocator.PodBearingKinds)
        {
            var pointer = PodSpecLocator.PointerOf(kind)!;
            if (!pointers.Contains(pointer))
            {
                pointers.Add(pointer);
            }
        }

        return [.. pointers];
    }
}
