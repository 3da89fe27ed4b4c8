using System.Text.Json;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>Drives the real <c>guardrails check</c> executable over files on disk and asserts its exact reports.</summary>
public sealed class CheckCommandTests
{
    private static readonly string Root = RepoPaths.Root;
    private static readonly string Fixtures = Path.Combine(Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "check");

    [Theory]
    [InlineData("text", "examples.txt")]
    [InlineData("json", "examples.json")]
    [InlineData("sarif", "examples.sarif")]
    [InlineData("junit", "examples.junit.xml")]
    public void The_examples_report_matches_its_golden_file(string format, string golden)
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Root, "check", "examples", "--format", format);

        errors.Should().BeEmpty();
        Golden.Check.Match(output, golden);
        exitCode.Should().Be(1);
    }

    [Theory]
    [InlineData("text", "mixed.txt")]
    [InlineData("json", "mixed.json")]
    [InlineData("sarif", "mixed.sarif")]
    [InlineData("junit", "mixed.junit.xml")]
    public void Lists_json_skipped_and_broken_documents_are_all_reported(string format, string golden)
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Fixtures, "check", "mixed", "--format", format);

        errors.Should().BeEmpty();
        Golden.Check.Match(output, golden);
        exitCode.Should().Be(2, "a document with invalid YAML is an input error, reported beside the findings of the good ones");
    }

    [Fact]
    public void A_compliant_manifest_passes_with_exit_code_0()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Root, "check", "examples/deploy-good.yaml", "examples/ns.yaml");

        output.Should().Be("PASS 2 objects in 2 files: 0 denied, 0 warned, 2 passed; 0 violations (0 deny, 0 warn, 0 audit); policies built-in @ " + Revision + "\n");
        exitCode.Should().Be(0);
    }

    [Fact]
    public void Warnings_fail_the_run_only_with_fail_on_warn()
    {
        var byDefault = GuardrailsProcess.Run(Root, "check", "examples/job.yaml");
        var strict = GuardrailsProcess.Run(Root, "check", "examples/job.yaml", "--fail-on", "warn");

        byDefault.Output.Should().Contain("examples/job.yaml:9:9: warn no-privilege-escalation/no-privilege-escalation: container backfill does not set allowPrivilegeEscalation: false");
        byDefault.ExitCode.Should().Be(0);
        strict.Output.Should().StartWith(byDefault.Output.Split("\nPASS")[0]).And.Contain("\nFAIL 1 object in 1 file: 0 denied, 1 warned");
        strict.ExitCode.Should().Be(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_stream_on_standard_input_reads_in_order_with_every_line_in_place(bool withNamespace)
    {
        // Over 512 KB, the stream is read in parts on every core: the objects must keep their order, numbering and lines.
        // A stream that holds a Namespace is read in the first pass (its labels apply to the rest), the others part by
        // part as they are judged.
        var single = File.ReadAllText(Path.Combine(Root, "examples", "deploy-bad.yaml")).TrimEnd('\n') + "\n";
        var linesPerCopy = single.Count(c => c == '\n') + 1;
        const int copies = 1200;
        var stream = string.Join("---\n", Enumerable.Repeat(single, copies));
        stream.Length.Should().BeGreaterThan(600 * 1024);
        if (withNamespace)
        {
            stream += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments-prod\n  labels: {team: payments}\n";
        }

        var one = JsonDocument.Parse(GuardrailsProcess.Run(Root, "check", "examples/deploy-bad.yaml", "--format", "json").Output).RootElement;
        var (exitCode, output, _) = GuardrailsProcess.RunWithInput(Root, System.Text.Encoding.UTF8.GetBytes(stream), "check", "-", "--format", "json");

        exitCode.Should().Be(1);
        var objects = JsonDocument.Parse(output).RootElement.GetProperty("objects").EnumerateArray().ToList();
        objects.Should().HaveCount(copies + (withNamespace ? 1 : 0));
        var expected = one.GetProperty("objects")[0];
        for (var i = 0; i < copies; i++)
        {
            var offset = i * linesPerCopy;
            objects[i].GetProperty("document").GetInt32().Should().Be(i);
            objects[i].GetProperty("line").GetInt32().Should().Be(expected.GetProperty("line").GetInt32() + offset);
            objects[i].GetProperty("violations").EnumerateArray().Select(v => (v.GetProperty("rule").GetString(), v.GetProperty("line").GetInt32() - offset, v.GetProperty("message").GetString()))
                .Should().Equal(expected.GetProperty("violations").EnumerateArray().Select(v => (v.GetProperty("rule").GetString(), v.GetProperty("line").GetInt32(), v.GetProperty("message").GetString())));
        }
    }

    [Fact]
    public void Standard_input_is_read_from_dash_like_helm_template_output()
    {
        var input = File.ReadAllBytes(Path.Combine(Root, "examples", "deploy-bad.yaml"));

        var fromFile = GuardrailsProcess.Run(Root, "check", "examples/deploy-bad.yaml");
        var fromStdin = GuardrailsProcess.RunWithInput(Root, input, "check", "-");
        var piped = GuardrailsProcess.RunWithInput(Root, input, "check");

        fromStdin.Output.Should().Be(fromFile.Output.Replace("examples/deploy-bad.yaml", "<stdin>", StringComparison.Ordinal));
        piped.Output.Should().Be(fromStdin.Output);
        fromStdin.ExitCode.Should().Be(1);
    }

    [Fact]
    public void Namespace_labels_from_the_option_bring_prod_only_policies_to_bear()
    {
        var unlabelled = GuardrailsProcess.Run(Root, "check", "examples/rc.yaml");
        var prod = GuardrailsProcess.Run(Root, "check", "examples/rc.yaml", "--namespace-labels", "default=env=prod,team=legacy");

        unlabelled.Output.Should().NotContain("replica-minimum")
            .And.Contain("note: labels of namespace default were not given and it was judged as carrying no labels; give them with a Namespace object or --namespace-labels");
        prod.Output.Should().Contain("examples/rc.yaml:5:3: deny replica-minimum/min-replicas: ReplicationController old-rc in production namespace default must run at least 2 replicas")
            .And.NotContain("note:");
    }

    [Fact]
    public void A_namespace_object_in_the_input_labels_objects_in_other_files()
    {
        var alone = GuardrailsProcess.Run(Root, "check", "examples/sts.yaml");
        var withNamespace = GuardrailsProcess.Run(Root, "check", "examples/sts.yaml", "examples/ns.yaml");

        alone.Output.Should().NotContain("replica-minimum").And.Contain("labels of namespace payments-prod were not given");
        withNamespace.Output.Should().Contain("examples/sts.yaml:6:3: deny replica-minimum/min-replicas: StatefulSet cache in production namespace payments-prod must run at least 2 replicas");
        withNamespace.ExitCode.Should().Be(1);
    }

    [Fact]
    public void Strict_namespaces_assume_unknown_labels_match_and_say_so()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Root, "check", "examples/sts.yaml", "--strict-namespaces");

        output.Should().Contain("examples/sts.yaml:6:3: deny replica-minimum/min-replicas: StatefulSet cache in production namespace payments-prod must run at least 2 replicas\n"
            + "      assumed: namespace labels of 'payments-prod' are unknown; the namespaceSelector was assumed to match\n");
        output.Should().Contain("note: labels of namespace payments-prod were not given and it was assumed to match every namespace selector (--strict-namespaces)");
        exitCode.Should().Be(1);
    }

    [Fact]
    public void Objects_without_a_namespace_land_in_the_namespace_option()
    {
        var (_, output, _) = GuardrailsProcess.Run(Fixtures, "check", "mixed/multi.yaml", "--namespace", "shop");

        output.Should().Contain("  Deployment shop/api (line 12): denied\n")
            .And.Contain("mixed/multi.yaml:17:3: deny replica-minimum/min-replicas: Deployment api in production namespace shop must run at least 2 replicas");
    }

    [Fact]
    public void Several_reports_are_written_in_one_run_and_the_text_report_still_reaches_the_log()
    {
        using var temp = new TempFolder();
        var json = Path.Combine(temp.Path, "report.json");
        var text = Path.Combine(temp.Path, "report.txt");

        var (exitCode, output, errors) = GuardrailsProcess.Run(Root, "check", "examples", "--format", "json", "--output", json, "--format", "text", "--output", text);

        errors.Should().BeEmpty();
        File.ReadAllText(text).Should().Be(output, "with every report in a file, the text report also goes to standard output");
        Golden.Check.Match(File.ReadAllText(json), "examples.json");
        exitCode.Should().Be(1);
    }

    [Theory]
    [InlineData(new[] { "check", "no-such-folder" }, "no-such-folder: error: no such file or folder")]
    [InlineData(new[] { "check", "examples", "--format", "yaml" }, "error: Argument 'yaml' not recognized. Must be one of:")]
    [InlineData(new[] { "check", "examples", "--output", "a.json", "--output", "b.json" }, "error: 2 --output values but 1 --format: give one --format per --output")]
    [InlineData(new[] { "check", "examples", "--format", "json", "--format", "sarif" }, "error: only one report can go to standard output: give --output FILE for the others")]
    [InlineData(new[] { "check", "examples", "--namespace-labels", "prod" }, "error: --namespace-labels 'prod': expected NAMESPACE=KEY=VALUE[,KEY=VALUE...]")]
    [InlineData(new[] { "check", "examples", "--fail-on", "audit" }, "error: Argument 'audit' not recognized. Must be one of:")]
    public void Usage_and_input_errors_exit_with_code_2_and_say_what_is_wrong(string[] args, string message)
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Root, args);

        (output + errors).Should().Contain(message);
        exitCode.Should().Be(2);
    }

    [Fact]
    public void An_input_without_kubernetes_objects_is_an_error_not_a_pass()
    {
        var (exitCode, output, _) = GuardrailsProcess.RunWithInput(Root, "# helm rendered nothing\n"u8.ToArray(), "check", "-");

        output.Should().Contain("standard input: error: no Kubernetes objects were found (nothing with apiVersion and kind)");
        output.Should().EndWith($"ERROR 0 objects in 1 file: 0 denied, 0 warned, 0 passed; 0 violations (0 deny, 0 warn, 0 audit); 1 input error; policies built-in @ {Revision}\n");
        exitCode.Should().Be(2);
    }

    [Fact]
    public void A_broken_policy_folder_stops_the_run_with_file_and_line()
    {
        var broken = Path.Combine(Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "test-command", "broken");

        var (exitCode, output, errors) = GuardrailsProcess.Run(Root, "check", "examples", "--policies", broken);

        output.Should().BeEmpty();
        errors.Should().MatchRegex(@"policy\.yaml:\d+:\d+: ").And.Contain("error: the policies do not load");
        exitCode.Should().Be(2);
    }

    [Fact]
    public void Policies_from_a_folder_judge_exactly_like_the_built_in_pack()
    {
        var builtIn = GuardrailsProcess.Run(Root, "check", "examples");
        var fromFolder = GuardrailsProcess.Run(Root, "check", "examples", "--policies", "policies");

        fromFolder.Output.Should().Be(builtIn.Output.Replace("policies built-in @", "policies policies @", StringComparison.Ordinal),
            "the embedded pack is the policies/ folder, down to the revision");
    }

    [Fact]
    public void The_built_in_pack_and_a_folder_load_together()
    {
        var extra = Path.Combine(Fixtures, "extra-policies");

        var builtIn = GuardrailsProcess.Run(Root, "check", "examples/deploy-bad.yaml");
        var both = GuardrailsProcess.Run(Root, "check", "examples/deploy-bad.yaml", "--policies", "built-in", "--policies", extra);
        var extraOnly = GuardrailsProcess.Run(Root, "check", "examples/deploy-bad.yaml", "--policies", extra);

        both.Errors.Should().BeEmpty();
        both.Output.Should().Contain("warn team-label/team-label: Deployment ledger has no team label");
        foreach (var line in builtIn.Output.Split('\n').Where(l => l.Contains(": deny ", StringComparison.Ordinal)))
        {
            both.Output.Should().Contain(line, "the built-in pack still judges");
        }

        extraOnly.Output.Should().Contain("warn team-label/team-label:").And.NotContain(": deny ", "a folder alone replaces the built-in pack");
        both.ExitCode.Should().Be(1);
        extraOnly.ExitCode.Should().Be(0);
    }

    [Fact]
    public void Exemptions_used_are_reported_applied_or_expired()
    {
        var exemptions = Path.Combine(Fixtures, "exemptions.yaml");

        var (exitCode, output, errors) = GuardrailsProcess.Run(Root, "check", "examples/ds.yaml", "examples/pod-bad.yaml", "--exemptions", exemptions);

        errors.Should().BeEmpty();
        output.Should().NotContain("deny no-host-path/no-host-path");
        output.Should().Contain($"    examples/ds.yaml:14:30: exempt no-host-path/no-host-path by {exemptions}:6 (until 2099-12-31): ops-team: the node agent reads the host filesystem read-only\n");
        output.Should().MatchRegex($@"policies built-in @ {Revision}\+[0-9a-f]{{12}}\n", "the exemptions decide verdicts too, so they are part of the revision");
        output.Should().Contain("    examples/pod-bad.yaml:10:5: deny image-tag/pinned-tag: container worker uses image registry.example.com/legacy/worker:latest")
            .And.Contain($"    examples/pod-bad.yaml:10:5: exemption expired image-tag/pinned-tag by {exemptions}:13 (until 2020-01-31): the finding stands\n");
        exitCode.Should().Be(1);
    }

    [Fact]
    public void An_empty_exemption_annotation_that_an_entry_allows_is_refused_for_what_it_is()
    {
        using var folder = new TempFolder();
        var exemptions = Path.Combine(folder.Path, "exemptions.yaml");
        File.WriteAllText(exemptions, """
            apiVersion: guardrails.dev/v1
            kind: Exemptions
            spec:
              exemptions:
                - {policy: image-tag, names: [worker], allowAnnotation: true, owner: legacy-team, reason: self-exempt while migrating, expires: 2099-12-31}
            """);
        File.WriteAllText(Path.Combine(folder.Path, "pod.yaml"), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: worker
              annotations: {guardrails.dev/exempt.image-tag: ""}
            spec:
              containers: [{name: worker, image: "registry.example.com/worker:latest"}]
            """);

        var (exitCode, output, _) = GuardrailsProcess.Run(folder.Path, "check", "pod.yaml", "--exemptions", exemptions);
        var (_, json, _) = GuardrailsProcess.Run(folder.Path, "check", "pod.yaml", "--exemptions", exemptions, "--format", "json");

        output.Should().Contain("exemption not allowed image-tag/pinned-tag: the annotation's value is empty, and that value must give the reason; the finding stands\n")
            .And.Contain("deny image-tag/pinned-tag");
        using var report = JsonDocument.Parse(json);
        var use = report.RootElement.GetProperty("objects")[0].GetProperty("exemptions")[0];
        use.GetProperty("status").GetString().Should().Be("not-allowed");
        use.GetProperty("refusal").GetString().Should().Be("the annotation's value is empty, and that value must give the reason");
        use.GetProperty("entry").GetString().Should().Be($"{exemptions}:5");
        report.RootElement.GetProperty("policySet").GetProperty("revision").GetString().Should().MatchRegex($@"^{Revision}\+[0-9a-f]{{12}}$");
        exitCode.Should().Be(1);
    }

    private static string Revision { get; } = Guardrails.Cli.PolicySets.PolicySelection.Load([], null).Policies!.Revision;
}
