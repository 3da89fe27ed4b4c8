using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>Watch lines as kube-apiserver writes them (newline-delimited <c>WatchEvent</c>s), read one at a time.</summary>
public sealed class ClusterWatchTests
{
    private const string Added = """{"type":"ADDED","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","resourceVersion":"41","labels":{"team":"payments"}}}}""";
    private static readonly JsonTypeInfo<ClusterNamespace> Namespace = ClusterJsonContext.Default.ClusterNamespace;
    private const string Gone = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 41 (57)","reason":"Expired","code":410}}""";

    [Fact]
    public async Task Events_are_read_in_order_blank_lines_skipped_and_the_end_of_the_stream_is_null()
    {
        using var watch = Watch($"{Added}\n\n{Added.Replace("ADDED", "DELETED", StringComparison.Ordinal)}\n");

        var first = await watch.ReadAsync(Namespace, CancellationToken.None);
        var second = await watch.ReadAsync(Namespace, CancellationToken.None);
        var end = await watch.ReadAsync(Namespace, CancellationToken.None);

        first!.Value.Type.Should().Be(ClusterWatchEvents.Added);
        first.Value.Object!.Metadata!.Labels.Should().Equal(new Dictionary<string, string> { ["team"] = "payments" });
        first.Value.Object.Metadata.ResourceVersion.Should().Be("41");
        second!.Value.Type.Should().Be(ClusterWatchEvents.Deleted);
        end.Should().BeNull();
    }

    [Fact]
    public void An_error_event_carries_the_status_and_no_object()
    {
        var error = ClusterWatchEvent<ClusterNamespace>.Parse(Gone, Namespace);

        error.Type.Should().Be(ClusterWatchEvents.Error);
        error.Object.Should().BeNull();
        error.Status!.Code.Should().Be(410);
        error.Status.Reason.Should().Be("Expired");
    }

    [Theory]
    [InlineData("""{"object":{"kind":"Namespace"}}""", "the watch sent an event without a type or an object: ")]
    [InlineData("""{"type":"ADDED","object":"shop"}""", "the watch sent an event without a type or an object: ")]
    [InlineData("""[1,2]""", "the watch sent an event without a type or an object: ")]
    [InlineData("""{"type":"ADDED","object":{"metadata":{"name":7}}}""", "the watch sent an event that could not be read (")]
    [InlineData("""{"type":"ADDED","obj""", "the watch sent an event that could not be read (")]
    public void A_line_that_is_not_an_event_is_a_cluster_error_that_quotes_it(string line, string start)
    {
        var parse = () => ClusterWatchEvent<ClusterNamespace>.Parse(line, Namespace);

        parse.Should().Throw<ClusterApiException>().Which.Message.Should().StartWith(start).And.EndWith(line);
    }

    [Fact]
    public void A_long_line_is_quoted_cut_short()
    {
        var line = "{\"type\":\"ADDED\"," + new string('x', 5_000);

        var parse = () => ClusterWatchEvent<ClusterNamespace>.Parse(line, Namespace);

        var message = parse.Should().Throw<ClusterApiException>().Which.Message;
        message.Should().EndWith(string.Concat(line.AsSpan(0, 200), "..."));
        message.Length.Should().BeLessThan(600);
    }

    [Theory]
    [InlineData("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"namespaces \"shop\" is forbidden: User \"system:serviceaccount:guardrails:guardrails\" cannot get resource \"namespaces\"","reason":"Forbidden","code":403}""",
        HttpStatusCode.Forbidden, "the API server answered 403 Forbidden: namespaces \"shop\" is forbidden: User \"system:serviceaccount:guardrails:guardrails\" cannot get resource \"namespaces\"")]
    [InlineData("<html><body>502 Bad Gateway</body></html>\n", HttpStatusCode.BadGateway, "the API server answered 502 BadGateway: <html><body>502 Bad Gateway</body></html>")]
    [InlineData("", HttpStatusCode.ServiceUnavailable, "the API server answered 503 ServiceUnavailable")]
    public void An_error_answer_says_the_status_and_the_API_servers_own_message(string body, HttpStatusCode status, string message)
    {
        var error = ClusterApiException.FromResponse(status, body);

        error.StatusCode.Should().Be(status);
        error.Message.Should().Be(message);
    }

    private static ClusterWatch Watch(string lines) =>
        new(new HttpResponseMessage(HttpStatusCode.OK), new MemoryStream(Encoding.UTF8.GetBytes(lines)));
}
