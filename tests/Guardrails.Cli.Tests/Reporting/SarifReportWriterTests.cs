using System.Text;
using System.Text.Json.Nodes;
using Guardrails.Cli.PolicySets;
using Guardrails.Cli.Reporting;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Format;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Guardrails.Cli.Tests.Reporting;

public sealed class SarifReportWriterTests : IDisposable
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "schemas", "sarif-schema-2.1.0.json");

    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath)));

    private readonly ReportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_log_with_every_kind_of_entry_is_valid_against_the_OASIS_schema()
    {
        var text = Write(EverythingReport(out _));

        var errors = (await Schema.Value).Validate(text);

        errors.Should().BeEmpty(because: "the log must follow SARIF 2.1.0:\n{0}", string.Join("\n", errors.Select(e => e.ToString())));
        var run = Run(text);
        run["results"]!.AsArray().Should().NotBeEmpty();
        run["invocations"]![0]!["toolExecutionNotifications"]!.AsArray().Should().HaveCount(5);
    }

    [Theory]
    [InlineData("a string startLine", ValidationErrorKind.IntegerExpected)]
    [InlineData("a result without message", ValidationErrorKind.PropertyRequired)]
    [InlineData("a startLine of 0", ValidationErrorKind.NumberTooSmall)]
    [InlineData("an unknown level", ValidationErrorKind.NotInEnumeration)]
    [InlineData("an unknown result property", ValidationErrorKind.NoAdditionalPropertiesAllowed)]
    [InlineData("a repeated tag", ValidationErrorKind.ItemsNotUnique)]
    [InlineData("a relative informationUri", ValidationErrorKind.UriExpected)]
    [InlineData("a bad run GUID", ValidationErrorKind.PatternMismatch)]
    [InlineData("a physical location with neither artifact nor address", ValidationErrorKind.NotAnyOf)]
    public async Task The_schema_check_rejects_a_broken_log(string breakage, ValidationErrorKind expected)
    {
        var log = JsonNode.Parse(Write(EverythingReport(out _)))!;
        var run = log["runs"]![0]!;
        var result = run["results"]![0]!;
        var physical = result["locations"]![0]!["physicalLocation"]!;
        switch (breakage)
        {
            case "a string startLine":
                physical["region"]!["startLine"] = "15";
                break;
            case "a result without message":
                result.AsObject().Remove("message");
                break;
            case "a startLine of 0":
                physical["region"]!["startLine"] = 0;
                break;
            case "an unknown level":
                result["level"] = "fatal";
                break;
            case "an unknown result property":
                result["severity"] = "high";
                break;
            case "a repeated tag":
                run["tool"]!["driver"]!["rules"]![0]!["properties"]!["tags"] = new JsonArray("security", "security");
                break;
            case "a relative informationUri":
                run["tool"]!["driver"]!["informationUri"] = "guardrails docs";
                break;
            case "a bad run GUID":
                run["automationDetails"] = new JsonObject { ["guid"] = "not-a-guid" };
                break;
            default:
                physical.AsObject().Remove("artifactLocation");
                physical.AsObject().Remove("region");
                break;
        }

        var errors = (await Schema.Value).Validate(log.ToJsonString());

        Flatten(errors).Select(e => e.Kind).Should().Contain(expected, because: "{0} breaks the schema, and a check that cannot fail proves nothing", breakage);
    }

    [Fact]
    public void The_driver_lists_every_rule_of_every_policy_in_order_with_levels_and_tags()
    {
        var report = ReportFixture.Check([_fixture.Write("good.yaml", ReportFixture.Good)]);

        var driver = Run(Write(report))["tool"]!["driver"]!;

        driver["name"]!.GetValue<string>().Should().Be("guardrails");
        driver["informationUri"]!.GetValue<string>().Should().Be("https://github.com/guardrails-dev/guardrails");
        driver["semanticVersion"]!.GetValue<string>().Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$").And.NotContain("+");
        driver["version"]!.GetValue<string>().Should().Be(driver["semanticVersion"]!.GetValue<string>());
        var expected = report.Policies.Policies.SelectMany(p => p.Rules.Select(r => (Policy: p, Rule: r))).ToList();
        var rules = driver["rules"]!.AsArray();
        rules.Select(r => r!["id"]!.GetValue<string>()).Should().Equal(expected.Select(e => $"{e.Policy.Id}/{e.Rule.Id}"));
        rules.Should().HaveCount(20).And.Contain(r => r!["id"]!.GetValue<string>() == "resource-requests-limits/memory-request-min")
            .And.Contain(r => r!["id"]!.GetValue<string>() == "replica-minimum/hpa-min-replicas");

        var readiness = Rule(rules, "health-probes/readiness-probe");
        readiness["name"]!.GetValue<string>().Should().Be("ReadinessProbe");
        readiness["shortDescription"]!["text"]!.GetValue<string>().Should().Be("Container declares a readiness probe");
        readiness["fullDescription"]!["text"]!.GetValue<string>().Should().StartWith("Every regular container and every native sidecar");
        readiness["help"]!["text"]!.GetValue<string>().Should().StartWith("Add a readinessProbe that succeeds only when");
        readiness["defaultConfiguration"]!["level"]!.GetValue<string>().Should().Be("error");
        Tags(readiness).Should().Equal("reliability", "kubernetes");
        readiness["properties"]!.AsObject().Should().NotContainKey("security-severity");
        readiness["properties"]!["precision"]!.GetValue<string>().Should().Be("very-high");
        readiness["properties"]!["action"]!.GetValue<string>().Should().Be("deny");
        readiness["properties"]!["severity"]!.GetValue<string>().Should().Be("high");

        var privileged = Rule(rules, "no-privileged/no-privileged");
        Tags(privileged).Should().Equal("security", "kubernetes");
        privileged["properties"]!["security-severity"]!.GetValue<string>().Should().Be("8.0");

        var escalation = Rule(rules, "no-privilege-escalation/no-privilege-escalation");
        escalation["defaultConfiguration"]!["level"]!.GetValue<string>().Should().Be("warning");
        escalation["properties"]!["action"]!.GetValue<string>().Should().Be("warn");
    }

    [Fact]
    public void Each_violation_is_a_result_with_its_rule_level_position_object_and_fix()
    {
        var bad = _fixture.Write("bad.yaml", ReportFixture.Bad);

        var run = Run(Write(ReportFixture.Check([bad])));

        var results = run["results"]!.AsArray();
        results.Select(r => (r!["ruleId"]!.GetValue<string>(), r["level"]!.GetValue<string>(), Line(r), Column(r))).Should().Equal(
            ("image-tag/pinned-tag", "error", 15, 9),
            ("no-privilege-escalation/no-privilege-escalation", "warning", 21, 9),
            ("no-privileged/no-privileged", "error", 22, 11));
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        foreach (var result in results)
        {
            var index = result!["ruleIndex"]!.GetValue<int>();
            rules[index]!["id"]!.GetValue<string>().Should().Be(result["ruleId"]!.GetValue<string>());
            result["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{32}$");
            var location = result["locations"]![0]!;
            location["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().Should().Be(bad);
            location["physicalLocation"]!["artifactLocation"]!["uriBaseId"]!.GetValue<string>().Should().Be("%SRCROOT%");
            location["logicalLocations"]![0]!["fullyQualifiedName"]!.GetValue<string>().Should().Be("Deployment/shop/web");
            location["logicalLocations"]![0]!["kind"]!.GetValue<string>().Should().Be("resource");
        }

        var image = results[0]!;
        image["message"]!["text"]!.GetValue<string>().Should().Be(
            "container app uses image nginx:latest, which is not pinned to a version tag or a digest. "
            + "Fix: Reference the image by an immutable version tag (registry.example.com/app:1.4.2) or by digest "
            + "(registry.example.com/app@sha256:...), and bump it through your release process.");
        var properties = image["properties"]!;
        properties["pointer"]!.GetValue<string>().Should().Be("/spec/template/spec/containers/0/image");
        properties["objectKind"]!.GetValue<string>().Should().Be("Deployment");
        properties["objectName"]!.GetValue<string>().Should().Be("web");
        properties["namespace"]!.GetValue<string>().Should().Be("shop");
        properties["container"]!.GetValue<string>().Should().Be("app");
        properties["action"]!.GetValue<string>().Should().Be("deny");
        properties.AsObject().Should().NotContainKey("patch");

        // The privileged container cannot get allowPrivilegeEscalation: false (the API server refuses it), so no fix.
        var withheld = results[1]!["properties"]!;
        withheld.AsObject().Should().NotContainKey("patch").And.NotContainKey("fixedInCluster");
        withheld["notFixedReason"]!.GetValue<string>().Should().Be("the API server refuses allowPrivilegeEscalation: false on a privileged container");

        var fixable = _fixture.Write("fixable.yaml", ReportFixture.Bad.Replace("privileged: true", "privileged: false", StringComparison.Ordinal));
        var fixedResult = Run(Write(ReportFixture.Check([fixable])))["results"]!.AsArray()
            .Single(r => r!["ruleId"]!.GetValue<string>() == "no-privilege-escalation/no-privilege-escalation")!["properties"]!;
        var patch = fixedResult["patch"]!.AsArray();
        patch.Should().ContainSingle();
        patch[0]!["op"]!.GetValue<string>().Should().Be("add");
        patch[0]!["path"]!.GetValue<string>().Should().Be("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation");
        patch[0]!["value"]!.GetValue<bool>().Should().BeFalse();
        fixedResult["fixedInCluster"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("set securityContext.allowPrivilegeEscalation of container app to false");
        fixedResult.AsObject().Should().NotContainKey("notFixedReason");

        run["invocations"]![0]!["executionSuccessful"]!.GetValue<bool>().Should().BeTrue();
        run["invocations"]![0]!["toolExecutionNotifications"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public void Fingerprints_survive_moved_lines_and_tell_findings_apart()
    {
        var before = Run(Write(ReportFixture.Check([_fixture.Write("bad.yaml", ReportFixture.Bad)])))["results"]!.AsArray();
        var after = Run(Write(ReportFixture.Check([_fixture.Write("bad.yaml", "# moved down\n\n" + ReportFixture.Bad)])))["results"]!.AsArray();

        after.Select(Line).Should().Equal(before.Select(r => Line(r) + 2));
        after.Select(Fingerprint).Should().Equal(before.Select(Fingerprint));
        before.Select(Fingerprint).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Input_problems_and_skipped_documents_are_notifications_and_fail_the_execution()
    {
        var mixed = _fixture.Write("mixed.yaml", ReportFixture.Mixed);

        var invocation = Run(Write(ReportFixture.Check([mixed, "missing.yaml"])))["invocations"]![0]!;

        invocation["executionSuccessful"]!.GetValue<bool>().Should().BeFalse();
        var notifications = invocation["toolExecutionNotifications"]!.AsArray();
        notifications.Select(n => n!["level"]!.GetValue<string>()).Should().Equal("error", "error", "note", "note");
        notifications[0]!["message"]!["text"]!.GetValue<string>().Should().Be("missing.yaml: no such file or folder");
        notifications[0]!.AsObject().Should().NotContainKey("locations");
        notifications[1]!["message"]!["text"]!.GetValue<string>().Should().StartWith("invalid YAML: ");
        notifications.Skip(1).Select(n => n!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>())
            .Should().AllBe(mixed);
        notifications.Skip(1).Select(n => (Line(n), Column(n))).Should().Equal((11, 1), (8, 1), (12, 1));
        notifications[2]!["message"]!["text"]!.GetValue<string>().Should().Be("skipped: not a Kubernetes object: the document is a string");
        notifications[3]!["message"]!["text"]!.GetValue<string>().Should().Be("skipped: not a Kubernetes object: it has no apiVersion and kind");
    }

    [Fact]
    public void A_document_that_is_only_skipped_is_a_note_and_the_execution_succeeds()
    {
        var files = new[] { _fixture.Write("good.yaml", ReportFixture.Good), _fixture.Write("notes.yaml", "---\nplain text\n") };

        var invocation = Run(Write(ReportFixture.Check(files)))["invocations"]![0]!;

        invocation["executionSuccessful"]!.GetValue<bool>().Should().BeTrue();
        invocation["toolExecutionNotifications"]!.AsArray().Should().ContainSingle()
            .Which!["level"]!.GetValue<string>().Should().Be("note");
    }

    [Fact]
    public void Objects_that_could_not_be_judged_are_error_notifications_tied_to_their_rule()
    {
        var report = WithErrors(
            ReportFixture.Check([_fixture.Write("good.yaml", ReportFixture.Good)]),
            new EvaluationError("image-tag", "pinned-tag", "/spec/template/spec/containers/0: regex timed out"),
            new EvaluationError(null, null, "internal error while evaluating: boom"));

        var run = Run(Write(report));

        run["invocations"]![0]!["executionSuccessful"]!.GetValue<bool>().Should().BeFalse();
        var notifications = run["invocations"]![0]!["toolExecutionNotifications"]!.AsArray();
        notifications.Should().HaveCount(2);
        notifications[0]!["message"]!["text"]!.GetValue<string>().Should().Be(
            "Deployment shop/api: image-tag/pinned-tag could not be judged: /spec/template/spec/containers/0: regex timed out");
        notifications[0]!["associatedRule"]!["id"]!.GetValue<string>().Should().Be("image-tag/pinned-tag");
        var index = notifications[0]!["associatedRule"]!["index"]!.GetValue<int>();
        run["tool"]!["driver"]!["rules"]![index]!["id"]!.GetValue<string>().Should().Be("image-tag/pinned-tag");
        notifications[1]!.AsObject().Should().NotContainKey("associatedRule");
        notifications[1]!["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"]!.GetValue<string>().Should().Be("Deployment/shop/api");
        Line(notifications[1]).Should().Be(1);
    }

    [Fact]
    public void Exempted_findings_are_suppressed_results_with_the_same_fingerprint()
    {
        var bad = _fixture.Write("bad.yaml", ReportFixture.Bad);
        var exemptions = Path.Combine(_fixture.Root, "exemptions.yaml");
        File.WriteAllText(exemptions, """
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            metadata: {name: test}
            spec:
              exemptions:
                - policy: image-tag
                  rule: pinned-tag
                  namespaces: [shop]
                  names: [web]
                  owner: web-team
                  reason: "the {upstream} chart pins latest"
                  expires: 2099-12-31
            """);
        var plain = Run(Write(ReportFixture.Check([bad])))["results"]!.AsArray();

        var results = Run(Write(ReportFixture.Check([bad], exemptions)))["results"]!.AsArray();

        results.Should().HaveCount(3);
        var suppressed = results.Single(r => r!["ruleId"]!.GetValue<string>() == "image-tag/pinned-tag")!;
        var suppression = suppressed["suppressions"]!.AsArray().Should().ContainSingle().Which!;
        suppression["kind"]!.GetValue<string>().Should().Be("external");
        suppression["status"]!.GetValue<string>().Should().Be("accepted");
        suppression["justification"]!.GetValue<string>().Should().Be("the {upstream} chart pins latest");
        suppression["properties"]!["owner"]!.GetValue<string>().Should().Be("web-team");
        suppression["properties"]!["expires"]!.GetValue<string>().Should().Be("2099-12-31");
        suppressed["level"]!.GetValue<string>().Should().Be("error");
        suppressed["message"]!["text"]!.GetValue<string>().Should().Be(
            "Image has a tag other than latest, or a digest. Not met at /spec/template/spec/containers/0/image; exempted: the {{upstream}} chart pins latest");
        (Line(suppressed), Column(suppressed)).Should().Be((15, 9));
        Fingerprint(suppressed).Should().Be(Fingerprint(plain[0]));
        results.Where(r => r!["ruleId"]!.GetValue<string>() != "image-tag/pinned-tag")
            .Should().OnlyContain(r => !r!.AsObject().ContainsKey("suppressions"));
    }

    [Fact]
    public void Standard_input_absolute_and_unusual_paths_become_valid_uris()
    {
        var spaced = _fixture.Write("my app #1.yaml", ReportFixture.Bad);
        var absolute = Path.GetFullPath(_fixture.Write("abs.yaml", ReportFixture.Bad));
        var report = ReportFixture.Check(["-", spaced, absolute], standardInput: ReportFixture.Bad);

        var run = Run(Write(report));

        var locations = run["results"]!.AsArray()
            .Select(r => r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!.AsObject())
            .DistinctBy(l => l["uri"]!.GetValue<string>())
            .ToList();
        locations.Should().HaveCount(3);
        locations[0]["uri"]!.GetValue<string>().Should().Be("stdin");
        locations[0].Should().NotContainKey("uriBaseId");
        locations[1]["uri"]!.GetValue<string>().Should().Be(spaced.Replace(" ", "%20", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal));
        locations[1]["uriBaseId"]!.GetValue<string>().Should().Be("%SRCROOT%");
        locations[2]["uri"]!.GetValue<string>().Should().Be(new Uri(absolute).AbsoluteUri).And.StartWith("file:///");
        locations[2].Should().NotContainKey("uriBaseId");
        foreach (var location in locations)
        {
            var uri = location["uri"]!.GetValue<string>();
            Uri.IsWellFormedUriString(uri, location.ContainsKey("uriBaseId") || uri == "stdin" ? UriKind.Relative : UriKind.Absolute)
                .Should().BeTrue(because: "artifactLocation.uri must be a URI reference (the schema's uri-reference format is not checked by NJsonSchema), not {0}", uri);
        }

        var root = run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]!.GetValue<string>();
        root.Should().StartWith("file:///").And.EndWith("/");
        new Uri(new Uri(root), locations[1]["uri"]!.GetValue<string>()).LocalPath.Should().Be(Path.GetFullPath(spaced));
    }

    [Fact]
    public void Braces_in_messages_are_escaped_and_other_text_is_kept_as_is()
    {
        var weird = _fixture.Write("weird.yaml", ReportFixture.Weird);

        var text = Write(ReportFixture.Check([weird]));

        var result = Run(text)["results"]!.AsArray().Should().ContainSingle().Which!;
        result["message"]!["text"]!.GetValue<string>().Should().StartWith(
            $"container {ReportFixture.WeirdContainer} uses image {{{{{{{{ .Values.image }}}}}}}}, which is not pinned");
        result["properties"]!["container"]!.GetValue<string>().Should().Be(ReportFixture.WeirdContainer);
        text.Should().Contain(@"a\u0001<b>&\""c]]>", because: "JSON escapes control characters and quotes, and relaxed escaping keeps markup readable");
    }

    [Fact]
    public void Run_properties_name_the_policy_set_and_the_fail_level()
    {
        var report = ReportFixture.Check([_fixture.Write("good.yaml", ReportFixture.Good)], failOn: PolicyAction.Warn);

        var run = Run(Write(report));

        run["columnKind"]!.GetValue<string>().Should().Be("utf16CodeUnits");
        run["properties"]!["policySource"]!.GetValue<string>().Should().Be(PolicySelection.BuiltIn);
        run["properties"]!["policyRevision"]!.GetValue<string>().Should().Be(report.Policies.Revision);
        run["properties"]!["failOn"]!.GetValue<string>().Should().Be("warn");
        run["results"]!.AsArray().Should().BeEmpty();
        var log = JsonNode.Parse(Write(report))!;
        log["$schema"]!.GetValue<string>().Should().Be("https://json.schemastore.org/sarif-2.1.0.json");
        log["version"]!.GetValue<string>().Should().Be("2.1.0");
        log["runs"]!.AsArray().Should().ContainSingle();
    }

    private CheckReport EverythingReport(out string bad)
    {
        bad = _fixture.Write("bad.yaml", ReportFixture.Bad);
        var files = new[]
        {
            _fixture.Write("good.yaml", ReportFixture.Good),
            bad,
            _fixture.Write("mixed.yaml", ReportFixture.Mixed),
            _fixture.Write("weird.yaml", ReportFixture.Weird),
            "-",
            "missing.yaml",
        };
        var exemptions = Path.Combine(_fixture.Root, "exemptions.yaml");
        File.WriteAllText(exemptions, """
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            spec:
              exemptions:
                - policy: no-privileged
                  names: [web]
                  owner: web-team
                  reason: needs the GPU driver
                  expires: 2099-12-31
            """);
        return WithErrors(
            ReportFixture.Check(files, exemptions, standardInput: ReportFixture.Bad),
            new EvaluationError("image-tag", "pinned-tag", "regex timed out"));
    }

    /// <summary>The report with evaluation errors on the first object; the engine only yields them on internal faults.</summary>
    private static CheckReport WithErrors(CheckReport report, params EvaluationError[] errors)
    {
        var file = report.Files.First(f => f.Objects.Count > 0);
        var item = file.Objects[0];
        var broken = file with { Objects = [item with { Result = item.Result with { Errors = errors } }, .. file.Objects.Skip(1)] };
        return new CheckReport(report.Policies, report.PolicyFile, report.FailOn,
            [.. report.Files.Select(f => f == file ? broken : f)], report.Problems, report.Namespaces);
    }

    private static string Write(CheckReport report)
    {
        using var stream = new MemoryStream();
        SarifReportWriter.Write(report, stream, Environment.CurrentDirectory);
        var bytes = stream.ToArray();
        bytes.Take(3).Should().NotEqual([0xEF, 0xBB, 0xBF], because: "the log is UTF-8 without a byte order mark");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Every error with the errors nested in it: a type list such as <c>["array", "null"]</c> nests the real reason.</summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) => errors.SelectMany(e => e switch
    {
        MultiTypeValidationError multi => Flatten(multi.Errors.Values.SelectMany(v => v)).Prepend(e),
        ChildSchemaValidationError child => Flatten(child.Errors.Values.SelectMany(v => v)).Prepend(e),
        _ => [e],
    });

    private static JsonNode Run(string text) => JsonNode.Parse(text)!["runs"]![0]!;

    private static JsonNode Rule(JsonArray rules, string id) => rules.Single(r => r!["id"]!.GetValue<string>() == id)!;

    private static IEnumerable<string> Tags(JsonNode rule) => rule["properties"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>());

    private static int Line(JsonNode? node) => node!["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>();

    private static int Column(JsonNode? node) => node!["locations"]![0]!["physicalLocation"]!["region"]!["startColumn"]!.GetValue<int>();

    private static string Fingerprint(JsonNode? result) => result!["partialFingerprints"]![SarifReportWriter.FingerprintKey]!.GetValue<string>();
}
