using System.Collections.Frozen;
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

    private static readonly FrozenDictionary<string, string[][]> ByPodSpec = PodSpecLocator.PodBearingKinds
        .Select(kind => PodSpecLocator.PointerOf(kind)!)
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(pointer => pointer, Table, StringComparer.Ordinal);

    /// <summary>The kept pointers under <paramref name="podSpecPointer"/>, by list (see <see cref="Of"/>); null for another pointer.</summary>
    public static string[][]? Under(string podSpecPointer) => ByPodSpec.GetValueOrDefault(podSpecPointer);

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

    private static string[][] Table(string podSpecPointer) =>
        [.. Lists.Select(field => Enumerable.Range(0, Kept).Select(index => Spelled(podSpecPointer, field, index)).ToArray())];
}
