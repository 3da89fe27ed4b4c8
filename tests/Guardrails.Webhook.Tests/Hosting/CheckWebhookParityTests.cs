using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Guardrails.Cli.Checking;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reading;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using Guardrails.Engine.Hosts;
using Guardrails.Webhook.Autoscalers;

namespace Guardrails.Webhook.Tests.Hosting;

/// <summary>
/// The parity promise, over the whole test corpus (every policy fixture manifest and the examples): for each object,
/// <c>guardrails check</c> and the webhook, sent the same object as a CREATE review over TLS in the same namespace
/// context, reach the same decision and the same findings.
/// </summary>
public sealed partial class CheckWebhookParityTests
{
    [Fact]
    public async Task Check_and_the_webhook_agree_on_every_object_of_the_corpus()
    {
        var paths = Directory.GetDirectories(Path.Combine(RepoPaths.Root, "policies")).Select(p => Path.Combine(p, "tests"))
            .Append(Path.Combine(RepoPaths.Root, "examples")).ToList();
        var (policySet, _, problems) = PolicySelection.Load([], null);
        problems.Should().BeEmpty();
        var engine = new PolicyEngine(policySet!);
        var report = new CheckRunner(engine, "built-in", () => Stream.Null)
            .Run(new CheckRequest(paths, "default", new Dictionary<string, Dictionary<string, string>>(), false, PolicyAction.Deny));
        var objects = ReadObjects(report);
        objects.Should().HaveCount(report.Summary.Objects).And.HaveCountGreaterThan(300);

        // The cluster holds the namespaces check learnt from the input, with the same labels, and the same autoscalers.
        var labels = report.Namespaces.ToDictionary(n => n.Name, n => n.Labels.Where(l => l.Key != NamespaceLabelDefaults.NameLabel).ToDictionary(l => l.Key, l => l.Value));
        var autoscalers = objects.Select(o => Autoscaler.FromObject(o.Json, o.Report.Namespace ?? "default")).OfType<Autoscaler>().ToList();
        autoscalers.Should().HaveCountGreaterThan(10, "the corpus holds workloads judged on their autoscalers");
        await using var server = await RunningWebhook.StartAsync(labels, autoscalerSource: new StaticAutoscalers(autoscalers));

        var compared = 0;
        var denied = 0;
        foreach (var (checkedObject, json) in objects)
        {
            var review = Review(checkedObject, json);
            var (status, body, text) = await AdmissionClient.PostAsync(server.Client, "/validate?timeout=5s", Encoding.UTF8.GetBytes(review));
            var where = $"{checkedObject.File}#{checkedObject.Document}{checkedObject.SourcePointer} {checkedObject.DisplayName}";
            if (checkedObject.Result.Errors.Count > 0)
            {
                status.Should().Be(500, $"{where} could not be judged by check, so the webhook must not answer either");
                continue;
            }

            status.Should().Be(200, $"{where}: {text}");
            var response = body!["response"]!;
            var checkDenies = checkedObject.Findings.Where(f => f.Violation.Action == PolicyAction.Deny).Select(f => $"{f.Violation.PolicyId}/{f.Violation.RuleId}").Order().ToList();
            var checkWarns = checkedObject.Findings.Where(f => f.Violation.Action == PolicyAction.Warn).Select(f => Tag(f.Violation)).Order().ToList();
            response["allowed"]!.GetValue<bool>().Should().Be(checkDenies.Count == 0, where);
            var message = response["status"]?["message"]?.GetValue<string>() ?? "";
            DenialTags().Matches(message).Select(m => m.Groups[1].Value).Order().Should().Equal(checkDenies, where);
            var warnings = response["warnings"]?.AsArray().Select(w => w!.GetValue<string>()).ToList() ?? [];
            warnings.Select(w => WarningTag().Match(w).Groups[1].Value).Order().Should().Equal(checkWarns, where);
            compared++;
            denied += checkDenies.Count > 0 ? 1 : 0;
        }

        compared.Should().BeGreaterThan(300);
        denied.Should().BeGreaterThan(100, "the corpus exercises denials, not only passes");
    }

    private static string Tag(Violation violation) => violation.PolicyId == violation.RuleId ? violation.PolicyId : $"{violation.PolicyId}/{violation.RuleId}";

    /// <summary>The objects in report order, with their JSON, read the way check reads them.</summary>
    private static List<(ObjectReport Report, JsonElement Json)> ReadObjects(CheckReport report)
    {
        var result = new List<(ObjectReport, JsonElement)>();
        foreach (var file in report.Files)
        {
            var text = InputText.Decode(File.ReadAllBytes(Path.Combine(file.File.StartsWith('/') ? "" : RepoPaths.Root, file.File)));
            var manifests = ManifestReader.Read(file.File, text).Objects;
            manifests.Should().HaveCount(file.Objects.Count);
            result.AddRange(file.Objects.Zip(manifests, (o, m) => (o, m.Object)));
        }

        return result;
    }

    private static string Review(ObjectReport checkedObject, JsonElement json)
    {
        var slash = checkedObject.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : checkedObject.ApiVersion[..slash];
        var version = slash < 0 ? checkedObject.ApiVersion : checkedObject.ApiVersion[(slash + 1)..];
        var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = checkedObject.Kind };
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = Guid.NewGuid().ToString(),
                ["kind"] = gvk,
                ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = checkedObject.Kind.ToLowerInvariant() + "s" },
                ["name"] = checkedObject.Name,
                ["namespace"] = checkedObject.Namespace ?? "",
                ["operation"] = "CREATE",
                ["object"] = JsonNode.Parse(json.GetRawText()),
                ["dryRun"] = false,
            },
        };
        return review.ToJsonString();
    }

    [GeneratedRegex(@"(?:^guardrails denied [^:]*: |; )\[([a-z0-9-]+/[a-z0-9-]+)\]")]
    private static partial Regex DenialTags();

    [GeneratedRegex(@"^\[([^\]]+)\]")]
    private static partial Regex WarningTag();
}
