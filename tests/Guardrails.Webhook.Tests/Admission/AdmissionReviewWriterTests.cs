using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Format;
using Guardrails.Engine.Patching;
using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>The answer the API server reads: its request's apiVersion and uid, the status of a denial, the patch in base64.</summary>
public sealed class AdmissionReviewWriterTests
{
    [Fact]
    public void A_denial_answers_403_with_the_message_in_the_request_s_api_version()
    {
        var answer = Write(Request("admission.k8s.io/v1beta1"), new AdmissionDecision(false, "guardrails denied Pod shop/web: no", ["[a] w"], [new("audit.a.b", "x")], [], ["a"]));

        answer["apiVersion"]!.GetValue<string>().Should().Be("admission.k8s.io/v1beta1");
        answer["kind"]!.GetValue<string>().Should().Be("AdmissionReview");
        var response = answer["response"]!;
        response["uid"]!.GetValue<string>().Should().Be("uid-7");
        response["allowed"]!.GetValue<bool>().Should().BeFalse();
        response["status"]!["code"]!.GetValue<int>().Should().Be(403);
        response["status"]!["reason"]!.GetValue<string>().Should().Be("Forbidden");
        response["status"]!["message"]!.GetValue<string>().Should().Be("guardrails denied Pod shop/web: no");
        response["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal("[a] w");
        response["auditAnnotations"]!["audit.a.b"]!.GetValue<string>().Should().Be("x");
    }

    [Fact]
    public void An_admission_has_no_status_and_a_patch_goes_as_base64_json_patch()
    {
        PatchOperation[] patch = [new("add", "/spec/replicas", JsonDocument.Parse("2").RootElement)];

        var response = Write(Request("admission.k8s.io/v1"), new AdmissionDecision(true, null, [], [], patch, []))["response"]!;

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        response["status"].Should().BeNull();
        response["warnings"].Should().BeNull();
        response["patchType"]!.GetValue<string>().Should().Be("JSONPatch");
        Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>())).Should().Be("""[{"op":"add","path":"/spec/replicas","value":2}]""");
    }

    private static AdmissionRequest Request(string apiVersion) => new(
        apiVersion, "uid-7", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"), null, "web", "shop",
        AdmissionOperation.Create, JsonDocument.Parse("{}").RootElement, null, false, null);

    private static JsonNode Write(AdmissionRequest request, AdmissionDecision decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AdmissionReviewWriter.Write(buffer, request, decision);
        return JsonNode.Parse(buffer.WrittenSpan)!;
    }
}
