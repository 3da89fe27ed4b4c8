using System.Text;
using Guardrails.Engine.Loading;
using Guardrails.Fuzz.Oracles;
using Guardrails.Fuzz.Running;
using Guardrails.Fuzz.Targets;

namespace Guardrails.Fuzz.Tests;

/// <summary>The oracles and the bounded runner can fail: each is shown a case it must flag.</summary>
public sealed class OracleTests
{
    private static byte[] Review(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.AdmissionReviews, name));

    [Theory]
    [InlineData("validate-create-pod-legacy-worker.json", "privileged container")]
    [InlineData("validate-create-deployment-ledger.json", "fewer than 2 replicas")]
    [InlineData("validate-update-scale-checkout-scale.json", "scale of deployments in payments-prod")]
    public void The_must_deny_oracle_names_what_the_pack_must_deny_in_real_reviews(string review, string reason) =>
        MustDenyOracle.Reasons(Review(review)).Should().Contain(r => r.Contains(reason, StringComparison.Ordinal));

    [Theory]
    [InlineData("validate-delete-pod-legacy-worker.json")]
    [InlineData("validate-v1beta1-create-configmap-app-config.json")]
    [InlineData("validate-create-namespace-team-a-staging.json")]
    public void The_must_deny_oracle_claims_nothing_it_cannot_place(string review) =>
        MustDenyOracle.Reasons(Review(review)).Should().BeEmpty();

    [Fact]
    public void The_admission_target_flags_an_allowed_privileged_pod()
    {
        // A policy set with only no-host-path allows the privileged pod: exactly the wrong allow the oracle is there for.
        var pack = BuiltInPack.Sources().Where(s => s.Name.Contains("no-host-path/", StringComparison.Ordinal)).ToList();
        pack.Should().ContainSingle();
        var target = new AdmissionTarget(PolicyLoader.Load(pack).PolicySet!);

        var outcome = BoundedRun.Run(target, Review("validate-create-pod-legacy-worker.json"));

        outcome.Verdict.Should().Be(RunVerdict.Finding);
        outcome.Detail.Should().Contain("/validate allowed a review the built-in pack must deny").And.Contain("privileged container");
    }

    [Fact]
    public void The_admission_target_passes_the_same_review_with_the_whole_pack() =>
        BoundedRun.Run(Targets.Get(AdmissionTarget.TargetName), Review("validate-create-pod-legacy-worker.json")).Verdict.Should().Be(RunVerdict.Passed);

    [Theory]
    [InlineData(200, "")]
    [InlineData(200, """{"response":{"uid":"u"}}""")]
    [InlineData(200, """{"response":{"uid":"u","allowed":true,"patch":"W3sib3AiOiJub3BlIn1d"}}""")]
    [InlineData(400, """{"title":"malformed admission review","status":400}""")]
    [InlineData(503, """{"detail":"no policy set is loaded yet"}""")]
    public void Answers_outside_the_webhook_contract_are_findings(int status, string body) =>
        WebhookAnswer.Read(status, Encoding.UTF8.GetBytes(body)).Problem.Should().NotBeNull();

    [Fact]
    public void A_review_answer_with_a_valid_patch_keeps_the_contract()
    {
        // [{"op":"add","path":"/spec/replicas","value":2}]
        var answer = WebhookAnswer.Read(200, """{"response":{"uid":"u","allowed":true,"patchType":"JSONPatch","patch":"W3sib3AiOiJhZGQiLCJwYXRoIjoiL3NwZWMvcmVwbGljYXMiLCJ2YWx1ZSI6Mn1d"}}"""u8.ToArray());

        answer.Problem.Should().BeNull();
        answer.Allowed.Should().BeTrue();
    }

    [Fact]
    public void The_bounded_run_tells_a_hang_a_crash_and_a_finding_apart()
    {
        BoundedRun.Run(new FakeTarget(_ => Thread.Sleep(TimeSpan.FromSeconds(5))), []).Verdict.Should().Be(RunVerdict.Hung);
        BoundedRun.Run(new FakeTarget(_ => throw new InvalidOperationException("boom")), []).Should()
            .Match<RunOutcome>(o => o.Verdict == RunVerdict.Crashed && o.Detail.StartsWith("InvalidOperationException: boom", StringComparison.Ordinal));
        BoundedRun.Run(new FakeTarget(_ => throw new FuzzFinding("wrong")), []).Verdict.Should().Be(RunVerdict.Finding);
        BoundedRun.Run(new FakeTarget(_ => { }), []).Verdict.Should().Be(RunVerdict.Passed);
    }

    private sealed class FakeTarget(Action<byte[]> body) : FuzzTarget
    {
        public override string Name => "fake";

        public override TimeSpan Bound => TimeSpan.FromMilliseconds(200);

        public override void Run(byte[] input) => body(input);
    }
}
