using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Engine.Loading;
using Guardrails.Schema;
using Guardrails.Schema.Compilation;

namespace Guardrails.Engine.Tests.Loading;

/// <summary>
/// The shortcuts of the pack's patterns never change an answer: wherever one answers, it answers as the regular
/// expression does on the decoded text, on tricky strings and on many random ones; escaped and long values go to the regex.
/// </summary>
public sealed class PatternShortcutsTests
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "9", "_", ".", "-", "/", "//", ":", "@", " ", "\n", "\r", "\t", "\u2028", "é", "\u00A0", "\u212A", "ı", "İ", "ſ",
        "latest", "LATEST", "Latest", "latest.1", "@sha256:", new string('a', 64), new string('0', 63), new string('F', 64),
        "registry.example.com", "nginx", "1.0", "v2", "localhost:5000",
        "PASSWORD", "passwd", "Pass", "SECRET", "secr", "API", "api_key", "API-KEY", "APIKEY", "API__KEY", "PRIVATE_KEY", "private-key",
        "CREDENTIAL", "TOKEN", "token", "TOKENS", "Tokenizer", "TOKEN_", "TOKEN1", "URL", "FILE", "DB", "PRIVATEKEY", "Private_Key", "api-key", "APIKEYS",
        "_URL", "-uri", ".Endpoint", "_HOST", "_port", "-FILE", ".path", "_DIR", "_NAME", "-arn", "_TTL", "_TIMEOUT", ".type", "_HEADER", "_LENGTH", "-Enabled",
        "URLS", "XURL", "_", "__", "PASS", "WORD", "CRED", "ENTIAL",
        "-----BEGIN ", "RSA ", "PRIVATE KEY", " BLOCK", "-----", "AKIA", "ASIA", "ABCDEFGHIJKLMNOP", "0123456789", "QRSTUVWXYZ234567",
        "ghp_", "gho_", "ghx_", "github_pat_", "xoxb-", "xox", "gh", new string('b', 36), new string('c', 22), "0123456789",
    ];

    public static TheoryData<string> ShortcutPatterns() => new(WithShortcut());

    [Fact]
    public void The_patterns_met_on_every_container_and_variable_have_a_shortcut()
    {
        WithShortcut().Should().HaveCount(4, "the image pattern, the credential name pattern with its exclusion of harmless suffixes, and the credential value pattern run on every container or environment variable");
    }

    [Theory]
    [MemberData(nameof(ShortcutPatterns))]
    public void A_shortcut_answers_as_its_regex_on_tricky_strings(string pattern)
    {
        var tricky = new[]
        {
            "", "nginx", "nginx:", "nginx:latest", "nginx:LaTeSt", "nginx:latest1", "nginx:latest ", "nginx:1.25", "nginx:.1", "nginx:-1", "nginx:_1",
            "a/b:1", "/a:1", "a//b:1", "a/@b:1", "a@b:1", "a:b:1", "registry:5000/app:1.0", "registry:5000/app", "a/b/c/d:tag", "a\n/b:1", "a\nb:1",
            "a:" + new string('x', 128), "a:" + new string('x', 129), "a:é", "é:1", "a:\u212A", "x@sha256:" + new string('a', 64),
            "@sha256:" + new string('a', 64), "x\n@sha256:" + new string('a', 64), "x@sha256:" + new string('A', 64), "x@sha256:" + new string('a', 63),
            "x@sha256:" + new string('a', 65), "x@sha256:" + new string('a', 64) + "\n", "x:1\n", "x:1\r",
            "DB_PASSWORD", "db_passwd_file", "API_KEY", "APIKEY", "API-KEY", "API__KEY", "MAX_TOKENS", "OAUTH_TOKEN", "TOKEN_URL", "token1",
            "API_\u212AEY", "PR\u0130VATE_KEY", "private_key", "SECRET_NAME", "credentials",
            "DB_PASSWORD_FILE", "STRIPE_API_KEY_PATH", "OAUTH_TOKEN_URL", "TOKENIZERS_PARALLELISM", "MY_TOKEN_", "TOKENTOKEN", "TOKENS_TOKEN", "API_-KEY",
            "APIKE", "PRIVATE__KEY", "x_URL", "_URL", "URL", "x-url\n", "x.url ", "x_URLS", "x__URL", "x_\u212AEY", "PASSWORD_\u212A",
            "x_ENABLED", "x.enabled", "x-Timeout", "xtimeout", "SECRET_ARN", "API_KEY_HEADER", "GITHUB_TOKEN", "SLACK_TOKEN2",
            "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY BLOCK-----", "-----BEGIN rsa PRIVATE KEY-----", "AKIAABCDEFGHIJKLMNOP",
            "xAKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP1", "ASIA0123456789ABCDEF", "ghp_" + new string('b', 36), "ghp_" + new string('b', 35),
            "github_pat_" + new string('c', 22), "xoxb-0123456789", "xoxb-012345678", "éxoxb-0123456789", "é" + "ghp_" + new string('b', 36),
            "kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092", "https://auth.example.com/oauth2/token", "/vault/secrets/db",
        };

        Disagreements(pattern, tricky.Concat(FixtureLikeStrings())).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ShortcutPatterns))]
    public void A_shortcut_answers_as_its_regex_on_random_strings(string pattern)
    {
        var random = new Random(20261203);
        var inputs = Enumerable.Range(0, 20_000).Select(_ => RandomString(random)).ToList();

        Disagreements(pattern, inputs).Should().BeEmpty();
        inputs.Count(i => Answer(pattern, i) != ShortcutAnswer.Unknown).Should().BeGreaterThan(inputs.Count / 4, "a shortcut that never answers saves nothing");
    }

    [Fact]
    public void The_image_pattern_is_answered_in_full_on_ASCII_text()
    {
        var image = PrecompiledPatterns.All.Single(p => p.Contains("sha256", StringComparison.Ordinal));

        Answer(image, "registry.example.com/payments/checkout-api:4.18.2").Should().Be(ShortcutAnswer.Match);
        Answer(image, "registry.example.com/payments/checkout-api:latest").Should().Be(ShortcutAnswer.NoMatch);
        Answer(image, "registry.example.com/payments/checkout-api").Should().Be(ShortcutAnswer.NoMatch);
        Answer(image, "nginx:é").Should().Be(ShortcutAnswer.Unknown, "non-ASCII text is left to the regex");
    }

    [Theory]
    [InlineData("\"\\u0041KIAABCDEFGHIJKLMNOP\"")]
    [InlineData("\"nginx:\\u006catest\"")]
    [InlineData("\"nginx\\u003a1.0\"")]
    [InlineData("\"DB_P\\u0041SSWORD\"")]
    [InlineData("\"x\\nxoxb-0123456789\"")]
    [InlineData("\"API_\u212AEY\"")]
    [InlineData("\"nginx:1.0\"")]
    public void A_value_with_escapes_or_non_ASCII_text_gets_the_regex_answer(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = document.RootElement.GetString()!;

        foreach (var pattern in WithShortcut())
        {
            var (schema, problems) = SchemaCompiler.Compile(JsonDocument.Parse(JsonSerializer.Serialize(new { pattern })).RootElement, PrecompiledPatterns.Instance);
            problems.Should().BeEmpty();

            schema!.Validate(document.RootElement, new ValidationContext()).Should().Be(Regex(pattern).IsMatch(text), $"{pattern} on {json}");
        }
    }

    [Fact]
    public void A_value_longer_than_the_unlimited_length_goes_to_the_regex()
    {
        var pattern = WithShortcut().First();
        PolicyRegex.TryCreate(pattern, Patterns.MatchTimeout, PrecompiledPatterns.Instance, out var regex, out _).Should().BeTrue();

        regex!.TryShortcut(new byte[PrecompiledPatterns.UnlimitedInputLength]).Should().NotBe(ShortcutAnswer.Unknown);
        regex.TryShortcut(new byte[PrecompiledPatterns.UnlimitedInputLength + 1]).Should().Be(ShortcutAnswer.Unknown,
            "a long value runs under the time limit, and only the regex can run out of it");
    }

    private static List<string> WithShortcut() => PrecompiledPatterns.All.Where(p => PrecompiledPatterns.FindShortcut(p) is not null).ToList();

    private static IEnumerable<string> Disagreements(string pattern, IEnumerable<string> inputs) =>
        inputs.Where(input => Answer(pattern, input) is not ShortcutAnswer.Unknown and var answer && answer == ShortcutAnswer.Match != Regex(pattern).IsMatch(input))
            .Select(input => $"{input} ({Answer(pattern, input)})");

    private static ShortcutAnswer Answer(string pattern, string input) => PrecompiledPatterns.FindShortcut(pattern)!(Encoding.UTF8.GetBytes(input));

    private static Regex Regex(string pattern) => new(EcmaPattern.ToDotNet(pattern), PolicyRegex.Options, Patterns.MatchTimeout);

    private static string RandomString(Random random)
    {
        var builder = new StringBuilder();
        for (var count = random.Next(1, 7); count > 0; count--)
        {
            builder.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return builder.ToString();
    }

    // The benchmark Deployment's images and environment variables.
    private static IEnumerable<string> FixtureLikeStrings() =>
        File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", "deployment-compliant.yaml"))
            .Concat(File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "Guardrails.Benchmarks", "deployment-noncompliant.yaml")))
            .Select(line => line.Trim().TrimStart('-').Trim())
            .Where(line => line.StartsWith("image:", StringComparison.Ordinal) || line.StartsWith("name:", StringComparison.Ordinal) || line.StartsWith("value:", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('"'));
}
