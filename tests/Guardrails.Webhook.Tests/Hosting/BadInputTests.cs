using System.Text;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>Bad bodies get 400 or 413 with a clear problem, never 500 and never a crash; the server keeps answering.</summary>
public sealed class BadInputTests(WebhookFixture server) : IClassFixture<WebhookFixture>
{
    private const string Review = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":REQUEST}""";
    private const string Request = """{"uid":"u1","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"namespace":"default","operation":"CREATE","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"app","image":"registry.example.com/app:1.0"}]}}}""";

    [Theory]
    [InlineData("not json at all", "the body is not valid JSON")]
    [InlineData("", "the body is not valid JSON")]
    [InlineData("[1,2,3]", "the body must be a JSON object (an AdmissionReview)")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}}""", "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not \"admission.k8s.io/v2\"")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{}}""", "kind must be AdmissionReview, not \"Pod\"")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "request must be an object, not missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"yes"}""", "request must be an object, not \"yes\"")]
    public async Task Malformed_reviews_are_400_with_the_problem(string body, string problem)
    {
        await ExpectProblem(body, 400, problem);
    }

    [Theory]
    [InlineData("\"uid\":\"u1\",", "", "request.uid must be a non-empty string, not missing")]
    [InlineData("\"uid\":\"u1\"", "\"uid\":42", "request.uid must be a non-empty string, not a number")]
    [InlineData("\"operation\":\"CREATE\"", "\"operation\":\"PATCH\"", "request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \"PATCH\"")]
    [InlineData("\"namespace\":\"default\"", "\"namespace\":[\"default\"]", "request.namespace must be a string, not an array")]
    [InlineData("\"object\":{", "\"object\":7,\"x\":{", "request.object must be an object or null, not a number")]
    [InlineData("\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}", "\"kind\":\"Pod\"", "request.kind must be an object with string group, version and kind")]
    public async Task Wrong_fields_are_400_naming_the_field(string field, string replacement, string problem)
    {
        Request.Should().Contain(field);
        await ExpectProblem(Review.Replace("REQUEST", Request.Replace(field, replacement, StringComparison.Ordinal), StringComparison.Ordinal), 400, problem);
    }

    [Theory]
    [InlineData("\"uid\":\"u1\"", "\"uid\":\"\\ud800\"", "\\ud800")]
    [InlineData("\"resource\":\"pods\"", "\"resource\":\"pods\\udc00\"", "\\udc00")]
    [InlineData("\"name\":\"p\"", "\"name\":\"p\\uD83D\\u0041\"", "\\uD83D")]
    [InlineData("\"kind\":\"Pod\"}", "\"kind\":\"Pod\\udc00\\ud800\"}", "\\udc00")]
    public async Task A_lone_surrogate_escape_in_a_field_is_400_naming_it(string field, string replacement, string escape)
    {
        Request.Should().Contain(field);
        var body = Review.Replace("REQUEST", Request.Replace(field, replacement, StringComparison.Ordinal), StringComparison.Ordinal);

        await ExpectProblem(body, 400, $"the body holds a lone UTF-16 surrogate escape ({escape} at offset {body.IndexOf(escape, StringComparison.Ordinal)}), which is not Unicode text");
    }

    [Fact]
    public async Task An_object_without_a_string_kind_is_400()
    {
        Request.Should().Contain("\"kind\":\"Pod\",\"metadata\"");

        await ExpectProblem(Review.Replace("REQUEST", Request.Replace("\"kind\":\"Pod\",\"metadata\"", "\"kind\":7,\"metadata\"", StringComparison.Ordinal), StringComparison.Ordinal), 400,
            "request.object.kind must be a non-empty string, not a number");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_field_is_400_naming_the_byte()
    {
        var body = Encoding.UTF8.GetBytes(Review.Replace("REQUEST", Request, StringComparison.Ordinal));
        var at = Encoding.UTF8.GetString(body).IndexOf("\"p\"", StringComparison.Ordinal) + 1;
        body[at] = 0xC3;

        var (status, json, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", body);

        status.Should().Be(400, text);
        json!["detail"]!.GetValue<string>().Should().Be($"the body is not valid UTF-8 (byte 0xc3 at offset {at})");
    }

    [Theory]
    [InlineData("p\\\\ud800")]
    [InlineData("p\\ud83d\\ude00")]
    [InlineData("p\\u00e9")]
    public async Task Escapes_that_are_unicode_text_are_judged(string name)
    {
        var (status, json, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s",
            Encoding.UTF8.GetBytes(Review.Replace("REQUEST", Request.Replace("\"name\":\"p\"", $"\"name\":\"{name}\"", StringComparison.Ordinal), StringComparison.Ordinal)));

        status.Should().Be(200, text);
        json!["response"]!["uid"]!.GetValue<string>().Should().Be("u1");
    }

    [Fact]
    public async Task A_scale_whose_metadata_nests_deep_is_judged()
    {
        var review = File.ReadAllText(Path.Combine(RepoPaths.AdmissionReviews, "validate-update-scale-checkout-scale.json"));
        var deep = review.Replace("\"metadata\":{\"name\":\"checkout\"", "\"metadata\":{\"x\":" + new string('[', 100) + new string(']', 100) + ",\"name\":\"checkout\"", StringComparison.Ordinal);
        deep.Should().NotBe(review);

        var (status, json, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(deep));

        status.Should().Be(200, text);
        json!["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse("scaling checkout to 1 replica in production is denied");
    }

    [Fact]
    public async Task A_create_without_an_object_is_400()
    {
        await ExpectProblem(Review.Replace("REQUEST", Request[..Request.IndexOf(",\"object\"", StringComparison.Ordinal)] + "}", StringComparison.Ordinal), 400,
            "request.object is required for CREATE");
    }

    [Fact]
    public async Task A_body_over_3_MiB_is_413()
    {
        var huge = Review.Replace("REQUEST", Request.Replace("\"name\":\"p\"", "\"name\":\"p\",\"annotations\":{\"big\":\"" + new string('x', 4 * 1024 * 1024) + "\"}", StringComparison.Ordinal), StringComparison.Ordinal);

        await ExpectProblem(huge, 413, "accepted");
    }

    [Fact]
    public async Task A_body_nested_too_deep_is_400()
    {
        var deep = Review.Replace("REQUEST", Request.Replace("\"spec\":{", "\"deep\":" + new string('[', 5000) + new string(']', 5000) + ",\"spec\":{", StringComparison.Ordinal), StringComparison.Ordinal);

        await ExpectProblem(deep, 400, "the body is not valid JSON");
    }

    [Fact]
    public async Task After_bad_input_the_server_still_judges_good_reviews()
    {
        await ExpectProblem("{", 400, "the body is not valid JSON");

        var (status, body, _) = await AdmissionClient.PostFixtureAsync(server.Client, "validate-create-deployment-checkout.json");

        status.Should().Be(200);
        body!["response"]!["allowed"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory]
    [InlineData("/validate", "\"spec\":\"x\"", "/spec: must be an object")]
    [InlineData("/mutate", "\"spec\":\"x\"", "/spec: must be an object")]
    [InlineData("/validate", "\"spec\":{\"containers\":[]}", "/spec/containers: must not be empty")]
    public async Task An_object_that_cannot_be_judged_as_its_kind_is_denied_with_the_reason(string path, string spec, string reason)
    {
        var request = Request.Replace("\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/app:1.0\"}]}", spec, StringComparison.Ordinal);
        request.Should().NotBe(Request);

        var (status, json, text) = await AdmissionClient.PostAsync(server.Client, path + "?timeout=5s", Encoding.UTF8.GetBytes(Review.Replace("REQUEST", request, StringComparison.Ordinal)));

        status.Should().Be(200, "the same object always fails the same way, so it is refused rather than left to the failurePolicy: " + text);
        json!["response"]!["allowed"]!.GetValue<bool>().Should().BeFalse();
        json["response"]!["status"]!["message"]!.GetValue<string>().Should().StartWith("guardrails denied Pod default/p: the object cannot be judged against the shape of its kind: ").And.Contain(reason);
        json["response"]!.AsObject().ContainsKey("patch").Should().BeFalse();
    }

    private async Task ExpectProblem(string body, int status, string problem)
    {
        var (actualStatus, json, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(body));

        actualStatus.Should().Be(status, text);
        json!["status"]!.GetValue<int>().Should().Be(status);
        json["detail"]!.GetValue<string>().Should().Contain(problem);
    }
}
