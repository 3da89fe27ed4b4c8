using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Webhook.Admission;

namespace Guardrails.Webhook.Tests.Admission;

/// <summary>An admission request becomes the engine's request; a scale becomes the scaled kind with its replicas.</summary>
public sealed class AdmissionAdapterTests
{
    [Fact]
    public void A_review_s_fields_become_the_request_with_the_facts_given()
    {
        using var read = Read("validate-update-deployment-ledger.json");
        var labels = new Dictionary<string, string> { ["env"] = "prod" };
        Autoscaler[] scalers = [new("payments-prod", "ledger", "apps/v1", "Deployment", "ledger", 2)];

        var evaluation = AdmissionAdapter.ToEvaluationRequest(read.Request, labels, scalers, out var scratch);

        scratch.Should().BeNull("nothing is built for an object written whole");
        evaluation.Object!.Value.GetProperty("kind").GetString().Should().Be("Deployment");
        evaluation.OldObject.Should().NotBeNull();
        evaluation.Operation.Should().Be(read.Request.Operation);
        evaluation.Namespace.Should().Be("payments-prod");
        evaluation.NamespaceLabels.Should().BeSameAs(labels);
        evaluation.Autoscalers.Should().BeSameAs(scalers);
    }

    [Fact]
    public void Unknown_facts_stay_unknown()
    {
        using var read = Read("validate-create-deployment-ledger.json");

        var evaluation = AdmissionAdapter.ToEvaluationRequest(read.Request, null, null, out _);

        evaluation.NamespaceLabels.Should().BeNull();
        evaluation.Autoscalers.Should().BeNull();
    }

    [Fact]
    public void A_scale_is_judged_as_the_scaled_kind_with_the_requested_replicas()
    {
        using var read = Read("validate-update-scale-checkout-scale.json");
        var requested = read.Request.Object!.Value.GetProperty("spec").GetProperty("replicas").GetInt32();

        var evaluation = AdmissionAdapter.ToEvaluationRequest(read.Request, null, [], out var scratch);
        using (scratch)
        {
            var judged = evaluation.Object!.Value;
            judged.GetProperty("apiVersion").GetString().Should().Be("apps/v1");
            judged.GetProperty("kind").GetString().Should().Be("Deployment");
            judged.GetProperty("metadata").GetProperty("name").GetString().Should().Be("checkout");
            judged.GetProperty("spec").GetProperty("replicas").GetInt32().Should().Be(requested);
            evaluation.SubResource.Should().Be("scale");
        }
    }

    [Fact]
    public void A_cluster_scoped_object_has_no_labels_to_be_unknown()
    {
        using var read = Read("validate-create-namespace-team-a-staging.json");
        var clusterScoped = read.Request with { Namespace = "" };

        var evaluation = AdmissionAdapter.ToEvaluationRequest(clusterScoped, null, null, out _);

        evaluation.NamespaceLabels.Should().NotBeNull().And.BeEmpty();
        evaluation.Autoscalers.Should().NotBeNull().And.BeEmpty();
    }

    private static ReadReview Read(string name)
    {
        var (request, problem) = AdmissionReviewReader.Read(File.ReadAllBytes(Path.Combine(RepoPaths.AdmissionReviews, name)), out var document);
        problem.Should().BeNull();
        return new ReadReview(request!, document!);
    }

    private sealed record ReadReview(AdmissionRequest Request, JsonDocument Document) : IDisposable
    {
        public void Dispose() => Document.Dispose();
    }
}
