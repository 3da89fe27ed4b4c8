using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Cli.Fixing;

namespace Guardrails.Cli.Tests.Fixing;

/// <summary>
/// The read-back check of a fix compares the documents read before and after without copying them; it must answer
/// exactly as applying the insertions to a copy and comparing that does, or decline.
/// </summary>
public sealed class InsertedComparisonTests
{
    private const string Before = """{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1"},{"name":"side","resources":null}]}}""";

    [Theory]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"1"}}},{"name":"side","resources":null}]}}""", true)]
    [InlineData("""{"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"1"}}},{"name":"side","resources":null}]},"metadata":{"labels":{"app":"web"},"name":"web"}}""", true)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"2"}}},{"name":"side","resources":null}]}}""", false)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"api"}},"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"1"}}},{"name":"side","resources":null}]}}""", false)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"1"}},"extra":1},{"name":"side","resources":null}]}}""", false)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","resources":{"limits":{"cpu":"1"}}},{"name":"side","resources":null}]}}""", false)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1"},{"name":"side","resources":null}]}}""", false)]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"x:1","resources":{"limits":{"cpu":"1"}}}]}}""", false)]
    public void Decides_as_the_insertions_applied_to_a_copy(string after, bool expected)
    {
        var made = new[] { new FieldInsertion(["spec", "containers", "0"], "resources", JsonNode.Parse("""{"limits":{"cpu":"1"}}""")) };

        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(after), made).Should().Be(expected);
        Reference(Before, after, made).Should().Be(expected);
    }

    [Fact]
    public void A_member_written_as_null_gets_its_value()
    {
        var made = new[] { new FieldInsertion(["spec", "containers", "1"], "resources", JsonNode.Parse("{}")) };
        var after = Before.Replace("\"resources\":null", "\"resources\":{}", StringComparison.Ordinal);

        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(after), made).Should().BeTrue();
    }

    [Fact]
    public void Declines_insertions_inside_other_insertions_and_mappings_not_in_the_document()
    {
        var nested = new[]
        {
            new FieldInsertion(["spec"], "extra", JsonNode.Parse("{}")),
            new FieldInsertion(["spec", "extra"], "deeper", JsonNode.Parse("1")),
        };
        var twice = new[] { new FieldInsertion(["metadata"], "a", JsonNode.Parse("1")), new FieldInsertion(["metadata"], "a", JsonNode.Parse("2")) };
        var missing = new[] { new FieldInsertion(["status"], "a", JsonNode.Parse("1")) };
        var scalar = new[] { new FieldInsertion(["metadata", "name"], "a", JsonNode.Parse("1")) };

        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(Before), nested).Should().BeNull();
        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(Before), twice).Should().BeNull();
        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(Before), missing).Should().BeNull();
        InsertedComparison.ReadsAsInserted(Parse(Before), Parse(Before), scalar).Should().BeNull();
    }

    [Fact]
    public void Agrees_with_the_insertions_applied_to_a_copy_on_random_documents()
    {
        var random = new Random(1203);
        var (decided, equal) = (0, 0);
        for (var i = 0; i < 3_000; i++)
        {
            var before = RandomObject(random, 3);
            var made = RandomInsertions(before, random);
            var after = JsonNode.Parse(before.ToJsonString())!;
            foreach (var insertion in made)
            {
                Apply(after, insertion);
            }

            if (random.Next(2) == 0)
            {
                Corrupt(after, random);
            }

            var (beforeText, afterText) = (before.ToJsonString(), after.ToJsonString());
            if (InsertedComparison.ReadsAsInserted(Parse(beforeText), Parse(afterText), made) is { } answer)
            {
                answer.Should().Be(Reference(beforeText, afterText, made), "before {0}, after {1}", beforeText, afterText);
                decided++;
                equal += answer ? 1 : 0;
            }
        }

        // Both answers must have come up often, or the comparison proves nothing.
        decided.Should().BeGreaterThan(1_500);
        equal.Should().BeInRange(decided / 5, decided * 4 / 5);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static bool Reference(string before, string after, IReadOnlyList<FieldInsertion> made)
    {
        var expected = JsonNode.Parse(before)!;
        return made.All(i => Apply(expected, i)) && JsonNode.DeepEquals(expected, JsonNode.Parse(after));
    }

    private static bool Apply(JsonNode root, FieldInsertion insertion)
    {
        JsonNode? node = root;
        foreach (var token in insertion.Parent)
        {
            node = node switch
            {
                JsonObject members => members[token],
                JsonArray items when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < items.Count => items[index],
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

    private static JsonObject RandomObject(Random random, int depth)
    {
        var result = new JsonObject();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            result[((char)('a' + random.Next(5))).ToString()] = RandomValue(random, depth - 1);
        }

        return result;
    }

    private static JsonNode? RandomValue(Random random, int depth) => (depth <= 0 ? random.Next(3) : random.Next(5)) switch
    {
        0 => JsonValue.Create(random.Next(3)),
        1 => JsonValue.Create(random.Next(2) == 0 ? "x" : "y"),
        2 => null,
        3 => RandomObject(random, depth),
        _ => new JsonArray([.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => RandomObject(random, depth - 1))]),
    };

    // One or two insertions into mappings of the document, sometimes at a member that is there (a null or not).
    private static List<FieldInsertion> RandomInsertions(JsonObject root, Random random)
    {
        var mappings = new List<(string[] Path, JsonObject Node)>();
        Collect(root, [], mappings);
        return [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
        {
            var (path, _) = mappings[random.Next(mappings.Count)];
            return new FieldInsertion(path, ((char)('a' + random.Next(7))).ToString(), RandomValue(random, 1));
        })];
    }

    private static void Collect(JsonNode? node, string[] path, List<(string[], JsonObject)> mappings)
    {
        switch (node)
        {
            case JsonObject members:
                mappings.Add((path, members));
                foreach (var (name, value) in members)
                {
                    Collect(value, [.. path, name], mappings);
                }

                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Collect(items[i], [.. path, i.ToString(CultureInfo.InvariantCulture)], mappings);
                }

                break;
        }
    }

    // Changes, adds or removes one member somewhere.
    private static void Corrupt(JsonNode root, Random random)
    {
        var mappings = new List<(string[], JsonObject Node)>();
        Collect(root, [], mappings);
        var target = mappings[random.Next(mappings.Count)].Node;
        var name = ((char)('a' + random.Next(7))).ToString();
        switch (random.Next(3))
        {
            case 0 when target.ContainsKey(name):
                target.Remove(name);
                break;
            case 1:
                target[name] = JsonValue.Create(random.Next(3));
                break;
            default:
                target["z"] = "added";
                break;
        }
    }
}
