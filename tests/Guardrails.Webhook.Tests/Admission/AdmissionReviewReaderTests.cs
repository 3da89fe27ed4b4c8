using System.Text;
using Guardrails.Engine.Format;
using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>Reading the API server's reviews: every real one is read whole; anything malformed is a precise problem.</summary>
public sealed class AdmissionReviewReaderTests
{
    [Fact]
    public void Every_captured_review_is_read_with_its_request_fields()
    {
        var files = Directory.GetFiles(RepoPaths.AdmissionReviews, "*.json");
        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            var (request, problem) = AdmissionReviewReader.Read(File.ReadAllBytes(file), out var document);
            using (document)
            {
                problem.Should().BeNull(file);
                request!.Uid.Should().NotBeEmpty(file);
                document.Should().NotBeNull(file);
                (request.Object is not null || request.Operation == AdmissionOperation.Delete).Should().BeTrue(file);
            }
        }
    }

    [Fact]
    public void A_scale_review_reads_the_scaled_resource_and_the_subresource()
    {
        var (request, _) = AdmissionReviewReader.Read(Review("validate-update-scale-checkout-scale.json"), out var document);
        using (document)
        {
            request!.Kind.Should().Be(new GroupVersionKind("autoscaling", "v1", "Scale"));
            request.Resource.Should().Be(new GroupVersionResource("apps", "v1", "deployments"));
            request.SubResource.Should().Be("scale");
            request.Namespace.Should().Be("payments-prod");
            request.Operation.Should().Be(AdmissionOperation.Update);
        }
    }

    [Fact]
    public void A_v1beta1_review_keeps_its_api_version_for_the_answer()
    {
        var (request, _) = AdmissionReviewReader.Read(Review("validate-v1beta1-create-configmap-app-config.json"), out var document);
        using (document)
        {
            request!.ApiVersion.Should().Be("admission.k8s.io/v1beta1");
        }
    }

    [Theory]
    [InlineData("[1]", "the body must be a JSON object (an AdmissionReview)")]
    [InlineData("""{"apiVersion":"v1","kind":"AdmissionReview"}""", "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}""", "kind must be AdmissionReview, not")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":[]}""", "request must be an object, not")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":""}}""", "request.uid must be a non-empty string")]
    public void A_malformed_review_is_a_problem_that_says_what_is_wrong(string body, string expected)
    {
        var (request, problem) = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(body), out var document);

        request.Should().BeNull();
        document.Should().BeNull("nothing is kept of a review that is refused");
        problem.Should().StartWith(expected);
    }

    [Fact]
    public void A_create_without_an_object_is_refused_not_judged_as_empty()
    {
        var body = Encoding.UTF8.GetString(Review("validate-create-pod-legacy-worker.json"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        node["request"]!.AsObject().Remove("object");

        var (request, problem) = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(node.ToJsonString()), out _);

        request.Should().BeNull();
        problem.Should().Be("request.object is required for CREATE");
    }

    [Fact]
    public void Text_that_is_not_json_is_a_problem()
    {
        var (request, problem) = AdmissionReviewReader.Read("{\"apiVersion\":"u8.ToArray(), out var document);

        request.Should().BeNull();
        document.Should().BeNull();
        problem.Should().StartWith("the body is not valid JSON: ");
    }

    private static byte[] Review(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.AdmissionReviews, name));
}
