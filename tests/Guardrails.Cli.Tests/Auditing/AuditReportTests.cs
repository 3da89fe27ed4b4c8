using Guardrails.Engine.Format;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Cli.Auditing;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Policies;
using Guardrails.Webhook.Audit;

namespace Guardrails.Cli.Tests.Auditing;

/// <summary>The audit's text and JSON reports from judged objects: owners, the summary, the verdict line, and no half document.</summary>
public sealed class AuditReportTests
{
    private static readonly (PolicySet Policies, PolicyEngine Engine) BuiltIn = Load();
    private static readonly AuditResource Deployments = AuditResources.Known.Single(r => r.Kind == "Deployment");
    private static readonly AuditResource Pods = AuditResources.Known.Single(r => r.Kind == "Pod");

    private static (PolicySet, PolicyEngine) Load()
    {
        var (policies, exemptions, _) = PolicySelection.Load([], null);
        return (policies!, new PolicyEngine(policies!, exemptions));
    }

    private static IReadOnlyList<AuditedObject> Judged(bool asDeny = false)
    {
        var judge = new AuditJudge(BuiltIn.Engine, new HashSet<string> { "Deployment", "ReplicaSet", "Pod" }, asDeny, "team");
        var labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "shop", ["team"] = "shop-team" };
        return
        [
            judge.Judge(Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/web"}]}}}}"""), Deployments, "shop", labels, [])!,
            judge.Judge(Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"canary-1","namespace":"shop","ownerReferences":[{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"canary","uid":"u","controller":true}]},"spec":{"containers":[{"name":"app","image":"registry.example.com/web:1.0"}]}}"""), Pods, "shop", labels, [])!,
        ];
    }

    private static AuditStart Start(bool asDeny = false) =>
        new(BuiltIn.Policies, "built-in", BuiltIn.Policies.Revision, "https://127.0.0.1:6443", null, null, asDeny, PolicyAction.Deny, "team", ["Widget"]);

    private static AuditEnd End(IReadOnlyList<AuditedObject> objects)
    {
        var summary = new AuditSummaryBuilder("team");
        summary.AddScope("quiet");
        foreach (var item in objects)
        {
            summary.Add(item);
        }

        summary.AddReportedAtOwner();
        return new AuditEnd(summary.Build(), objects.Count, ExitCodes.Violations);
    }

    [Fact]
    public void The_text_report_names_owners_and_owner_labels_and_ends_with_the_summary_and_the_verdict()
    {
        var objects = Judged();
        var output = new StringWriter { NewLine = "\n" };
        var writer = new AuditTextWriter(output, TextStyle.Plain);

        writer.Begin(Start());
        writer.Judged(objects);
        writer.End(End(objects));

        var text = output.ToString();
        writer.Failure.Should().BeNull();
        text.Should().StartWith("guardrails audit of https://127.0.0.1:6443 (all namespaces); policies built-in @ ")
            .And.Contain("Deployment shop/web [team=shop-team]: denied\n  deny health-probes/readiness-probe: container app of Deployment web declares no readiness probe at /spec/template/spec/containers/0/readinessProbe\n")
            .And.Contain("  deny image-tag/pinned-tag: container app uses image registry.example.com/web")
            .And.Contain("Pod shop/canary-1 (owned by Rollout/canary) [team=shop-team]: denied")
            .And.Contain("Compliance by namespace (compliant/judged)\n  shop       0/2         0%\n  and 1 namespace with nothing the policies match\n")
            .And.Contain("Compliance by team (the object's label, else its namespace's)\n  shop-team       0/2         0%\n")
            .And.Contain("Rules broken most\n")
            .And.Contain("note: 1 object controlled by a judged owner")
            .And.Contain("note: not audited: Widget");
        text.TrimEnd().Split('\n')[^1].Should().Be($"FAIL 2 objects in 2 namespaces: 2 denied, 0 warned, 0 passed; 0 compliant (0%); policies built-in @ {BuiltIn.Policies.Revision}");
    }

    [Fact]
    public void The_json_report_is_one_document_with_each_object_its_owner_and_the_summary()
    {
        var objects = Judged(asDeny: true);
        var output = new MemoryStream();
        using (var writer = new AuditJsonWriter(output))
        {
            writer.Begin(Start(asDeny: true));
            writer.Judged(objects);
            writer.End(End(objects));
        }

        var report = JsonNode.Parse(Encoding.UTF8.GetString(output.ToArray()))!;
        ((string?)report["kind"]).Should().Be("AuditReport");
        ((string?)report["as"]).Should().Be("deny");
        report["notAudited"]!.ToJsonString().Should().Be("""["Widget"]""");
        var pod = report["objects"]![1]!;
        pod["owner"]!.ToJsonString().Should().Be("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","name":"canary"}""");
        ((string?)pod["ownerLabel"]).Should().Be("shop-team");
        pod["violations"]!.AsArray().Should().OnlyContain(v => (string?)v!["action"] == "deny", "--as deny judges every policy as deny");
        report["summary"]!["namespaces"]!.ToJsonString().Should().Be("""[{"name":"quiet","objects":0,"compliant":0,"ratio":1},{"name":"shop","objects":2,"compliant":0,"ratio":0}]""");
        ((int)report["summary"]!["reportedAtOwner"]!).Should().Be(1);
        ((string?)report["result"]).Should().Be("fail");
    }

    [Fact]
    public void A_json_report_of_an_audit_that_failed_writes_no_half_document()
    {
        var output = new MemoryStream();
        using (var writer = new AuditJsonWriter(output))
        {
            writer.Begin(Start());
        }

        output.ToArray().Should().BeEmpty();
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
