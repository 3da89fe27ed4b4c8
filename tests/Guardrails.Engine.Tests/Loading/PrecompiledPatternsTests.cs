using System.Text.RegularExpressions;
using Guardrails.Engine.Loading;
using Guardrails.Schema;
using YamlDotNet.RepresentationModel;

namespace Guardrails.Engine.Tests.Loading;

/// <summary>The built-in pack's patterns compiled at build time: all of them, and with the meaning they have in the files.</summary>
public sealed class PrecompiledPatternsTests
{
    [Fact]
    public void Exactly_the_built_in_packs_patterns_are_precompiled()
    {
        var inPack = PackPatterns().ToHashSet(StringComparer.Ordinal);

        PrecompiledPatterns.All.Should().BeEquivalentTo(inPack,
            "a pattern edited in policies/ must be edited in PrecompiledPatterns.cs too, or the pack runs interpreted under Native AOT");
    }

    [Fact]
    public void A_pack_pattern_starts_precompiled_with_the_usual_time_limit_and_others_do_not()
    {
        var pattern = PrecompiledPatterns.All.First();

        PolicyRegex.TryCreate(pattern, Patterns.MatchTimeout, PrecompiledPatterns.Instance, out var fromPack, out _).Should().BeTrue();
        PolicyRegex.TryCreate("^other$", Patterns.MatchTimeout, PrecompiledPatterns.Instance, out var other, out _).Should().BeTrue();

        PrecompiledPatterns.Find(pattern)!.MatchTimeout.Should().Be(Patterns.MatchTimeout);
        PrecompiledPatterns.Find(pattern)!.Options.Should().Be(PolicyRegex.Options);
        fromPack!.Pattern.Should().Be(pattern);
        PrecompiledPatterns.Find(other!.Pattern).Should().BeNull();
    }

    [Fact]
    public void Each_is_compiled_from_the_ECMA_262_meaning_of_the_packs_text()
    {
        foreach (var pattern in PrecompiledPatterns.All)
        {
            PrecompiledPatterns.Find(pattern)!.ToString().Should().Be(EcmaPattern.ToDotNet(pattern));
            PrecompiledPatterns.FindUnlimited(pattern)!.ToString().Should().Be(EcmaPattern.ToDotNet(pattern));
        }
    }

    [Fact]
    public void Precompiled_and_interpreted_forms_agree_on_every_string_of_the_fixtures()
    {
        var inputs = FixtureStrings().Concat(["", "latest", "nginx:LATEST", "API_KEY", "DB_PASSWORD_FILE", "TOKENS", "tokenizer", "AKIA" + new string('A', 16)]).Distinct().ToList();

        foreach (var pattern in PrecompiledPatterns.All)
        {
            var interpreted = new Regex(EcmaPattern.ToDotNet(pattern), PolicyRegex.Options, Patterns.MatchTimeout);
            var generated = PrecompiledPatterns.Find(pattern)!;
            var unlimited = PrecompiledPatterns.FindUnlimited(pattern)!;
            inputs.Where(i => generated.IsMatch(i) != interpreted.IsMatch(i)).Should().BeEmpty($"{pattern} must mean the same compiled or not");
            inputs.Where(i => unlimited.IsMatch(i) != interpreted.IsMatch(i)).Should().BeEmpty($"{pattern} must mean the same without a time limit");
        }
    }

    [Fact]
    public void Only_a_pack_pattern_on_a_short_input_runs_without_a_time_limit()
    {
        var pattern = PrecompiledPatterns.All.First();
        PolicyRegex.TryCreate(pattern, Patterns.MatchTimeout, PrecompiledPatterns.Instance, out var fromPack, out _).Should().BeTrue();
        PolicyRegex.TryCreate("^other$", Patterns.MatchTimeout, PrecompiledPatterns.Instance, out var other, out _).Should().BeTrue();
        PolicyRegex.TryCreate(pattern, TimeSpan.FromMilliseconds(50), PrecompiledPatterns.Instance, out var otherLimit, out _).Should().BeTrue();

        PrecompiledPatterns.FindUnlimited(pattern)!.MatchTimeout.Should().Be(Regex.InfiniteMatchTimeout);
        PrecompiledPatterns.FindUnlimited(pattern)!.Options.Should().Be(PolicyRegex.Options);
        PrecompiledPatterns.FindUnlimited(pattern)!.ToString().Should().Be(EcmaPattern.ToDotNet(pattern));
        fromPack!.RunsUnlimited(PrecompiledPatterns.UnlimitedInputLength).Should().BeTrue();
        fromPack.RunsUnlimited(PrecompiledPatterns.UnlimitedInputLength + 1).Should().BeFalse("a longer input runs under the time limit");
        other!.RunsUnlimited(0).Should().BeFalse("a pattern not compiled here always runs under its time limit");
        otherLimit!.RunsUnlimited(0).Should().BeFalse("a pattern with another time limit is not the pack's");
    }

    private static IEnumerable<string> PackPatterns() =>
        Directory.EnumerateFiles(RepoPaths.Policies, "policy.yaml", SearchOption.AllDirectories)
            .SelectMany(file => Scalars(file, key => key == "pattern"));

    private static IEnumerable<string> FixtureStrings() =>
        Directory.EnumerateFiles(RepoPaths.Policies, "*.yaml", SearchOption.AllDirectories)
            .Where(file => file.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => Scalars(file, _ => true));

    private static List<string> Scalars(string file, Func<string, bool> key)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        return stream.Documents.SelectMany(d => Walk(d.RootNode, key)).ToList();
    }

    private static IEnumerable<string> Walk(YamlNode node, Func<string, bool> key) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(pair =>
            pair.Value is YamlScalarNode { Value: { } value } && pair.Key is YamlScalarNode { Value: { } name } && key(name)
                ? [value, .. Walk(pair.Value, key)]
                : Walk(pair.Value, key)),
        YamlSequenceNode sequence => sequence.Children.SelectMany(child => Walk(child, key)),
        YamlScalarNode { Value: { } scalar } when key("") => [scalar],
        _ => [],
    };
}
