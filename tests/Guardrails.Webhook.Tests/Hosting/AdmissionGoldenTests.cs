namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>Every review a real API server sent, posted to the real server over TLS; the full answers are golden files.</summary>
public sealed class AdmissionGoldenTests(WebhookFixture server) : IClassFixture<WebhookFixture>
{
    private static readonly GoldenFiles Golden = new(Path.Combine(RepoPaths.Fixtures("Guardrails.Webhook.Tests"), "golden"));

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.AdmissionReviews, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task The_answer_matches_its_golden_file(string fixture)
    {
        var (status, body, text) = await AdmissionClient.PostFixtureAsync(server.Client, fixture);

        status.Should().Be(200, text);
        Golden.Match(AdmissionClient.Describe(status, body, text), Path.ChangeExtension(fixture, ".response.txt"));
    }
}
