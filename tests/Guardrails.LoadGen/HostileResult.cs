using System.Globalization;
using System.Text.Json.Nodes;

namespace Guardrails.LoadGen;

/// <summary>One check of <see cref="HostileRun"/>: answers by status, the malformed ones, and whether the server still judged after it.</summary>
internal sealed record HostileResult(string Name, string What, SortedDictionary<int, int> Statuses, IReadOnlyList<string> Problems, double Seconds, bool ServerAlive)
{
    public bool Passed => Problems.Count == 0 && ServerAlive;

    public string Line()
    {
        var statuses = string.Join(", ", Statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{Status(s.Key)}: {s.Value}")));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Name,-11} {(Passed ? "met" : "MISSED"),-6} {Seconds,6:0.0} s  answers {statuses}; server {(ServerAlive ? "judging" : "NOT answering")} after\n            {What}");
        return Problems.Count == 0 ? line : line + "\n" + string.Join("\n", Problems.Take(10).Select(p => "            ! " + p))
            + (Problems.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $"\n            ! ... and {Problems.Count - 10} more") : "");
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["what"] = What,
        ["passed"] = Passed,
        ["seconds"] = Math.Round(Seconds, 1),
        ["serverAlive"] = ServerAlive,
        ["statuses"] = new JsonObject(Statuses.Select(s => KeyValuePair.Create(Status(s.Key), (JsonNode?)s.Value))),
        ["problems"] = new JsonArray([.. Problems.Take(20).Select(p => (JsonNode?)p)]),
        ["problemCount"] = Problems.Count,
    };

    private static string Status(int code) => code switch
    {
        -1 => "closed",
        0 => "none",
        _ => code.ToString(CultureInfo.InvariantCulture),
    };
}
