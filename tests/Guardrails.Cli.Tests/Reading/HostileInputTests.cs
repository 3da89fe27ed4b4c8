using System.Text;

namespace Guardrails.Cli.Tests.Reading;

/// <summary>
/// Hostile inputs through the real executable: each gives a clear error for its own document, the good document
/// beside it is still judged, and the run ends (the process harness kills anything that hangs).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string GoodDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: survivor, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: survivor}}
          template:
            metadata: {labels: {app: survivor}}
            spec:
              containers:
              - {name: app, image: "registry.example.com/app:1.0.0"}

        """;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_billion_laughs_alias_bomb_is_stopped()
    {
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 1; level <= 9; level++)
        {
            bomb.Append($"  a{level}: &a{level} [").AppendJoin(",", Enumerable.Repeat($"*a{level - 1}", 10)).Append("]\n");
        }

        var output = CheckWithSurvivor("bomb.yaml", bomb.ToString());

        output.Should().MatchRegex(@"bomb\.yaml:\d+:\d+: error: document expands to more than .* \(an alias bomb\?\)");
    }

    [Fact]
    public void A_document_nested_thousands_deep_is_refused()
    {
        var output = CheckWithSurvivor("deep.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: " + new string('[', 5000) + new string(']', 5000) + "\n");

        output.Should().MatchRegex(@"deep\.yaml:4:\d+: error: .*nest");
    }

    [Fact]
    public void A_50_MB_document_is_refused_without_parsing_it()
    {
        var huge = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  blob: ", 50 * 1024 * 1024 + 200);
        huge.Append('x', 50 * 1024 * 1024).Append('\n');

        var output = CheckWithSurvivor("huge.yaml", huge.ToString());

        output.Should().Contain("huge.yaml:1:1: error: the document is 52,428,869 characters long, more than the limit of 16,777,216");
    }

    [Fact]
    public void Binary_garbage_is_an_error_for_its_file_and_not_a_crash()
    {
        var random = new Random(20261123);
        var garbage = new byte[64 * 1024];
        random.NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(_temp.Path, "garbage.yaml"), garbage);
        File.WriteAllText(Path.Combine(_temp.Path, "good.yaml"), GoodDeployment);

        var (exitCode, output, errors) = GuardrailsProcess.Run(_temp.Path, "check", ".");

        errors.Should().BeEmpty();
        output.Should().MatchRegex(@"garbage\.yaml:\d+:1: error: the text is not valid UTF-8 \(binary data\?\)");
        output.Should().Contain("Deployment default/survivor");
        exitCode.Should().Be(2);
    }

    [Fact]
    public void Invalid_utf8_spoils_only_the_document_that_holds_it()
    {
        var text = Encoding.UTF8.GetBytes(GoodDeployment + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {k: \"")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\"}\n---\n" + GoodDeployment.Replace("survivor", "second", StringComparison.Ordinal)))
            .ToArray();
        File.WriteAllBytes(Path.Combine(_temp.Path, "mixed.yaml"), text);

        var (exitCode, output, _) = GuardrailsProcess.Run(_temp.Path, "check", "mixed.yaml");

        output.Should().Contain("  mixed.yaml:16:1: error: the text is not valid UTF-8 (binary data?)\n");
        output.Should().Contain("Deployment default/survivor").And.Contain("Deployment default/second");
        output.Should().Contain("2 objects in 1 file");
        exitCode.Should().Be(2);
    }

    [Fact]
    public void Duplicate_keys_are_an_error_at_the_second_key()
    {
        var output = CheckWithSurvivor("dup.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: twice}\nspec: {replicas: 1}\nspec: {replicas: 3}\n");

        output.Should().MatchRegex(@"dup\.yaml:5:1: error: .*duplicate.*spec");
    }

    [Fact]
    public void A_nul_byte_is_refused_like_kubectl_does()
    {
        var output = CheckWithSurvivor("nul.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nul}\ndata: {k: \"a\0b\"}\n");

        output.Should().Contain("nul.yaml:4:1: error: the text holds a NUL character (binary data?)");
    }

    /// <summary>Checks a hostile document followed, in the same file, by a good one, and returns the report.</summary>
    private string CheckWithSurvivor(string name, string hostile)
    {
        File.WriteAllText(Path.Combine(_temp.Path, name), hostile + "---\n" + GoodDeployment);

        var (exitCode, output, errors) = GuardrailsProcess.Run(_temp.Path, "check", name);

        errors.Should().BeEmpty();
        output.Should().Contain($"{name}\n  Deployment default/survivor (line ", "the good document after the hostile one is still judged");
        output.Should().MatchRegex(@"\n(ERROR|FAIL) 1 object in 1 file: .*; 1 input error; ");
        exitCode.Should().Be(2);
        return output;
    }
}
