namespace Guardrails.Cli.Tests.Testing;

public sealed class TestCommandTests
{
    private static readonly string Fixtures = Path.Combine(RepoPaths.Root, "tests", "Guardrails.Cli.Tests", "Fixtures", "test-command");

    [Fact]
    public void The_built_in_pack_passes_its_own_fixtures()
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(RepoPaths.Root, "test", "policies/");

        errors.Should().BeEmpty();
        output.Should().NotContain("FAIL").And.NotContain("policies without tests");
        output.Should().MatchRegex(@"(?m)^\d{3,} passed, 0 failed$");
        exitCode.Should().Be(0);
    }

    [Fact]
    public void A_failing_case_is_reported_with_what_differs_and_exit_code_1()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Fixtures, "test", "failing", "--verbose");

        output.Should().Be("""
            failing/demo/tests/cases.yaml
              PASS  a plain pod passes
              PASS  a privileged pod fails at the flag
              FAIL  this expectation is wrong on purpose
                    pods.yaml document 1: expected demo/no-privileged at /spec/containers/0/securityContext, not reported
                    pods.yaml document 1: unexpected demo/no-privileged at /spec/containers/0/securityContext/privileged
            2 passed, 1 failed

            """);
        exitCode.Should().Be(1);
    }

    [Fact]
    public void A_case_stands_autoscalers_beside_the_judged_object_and_nothing_else()
    {
        var (exitCode, output, _) = GuardrailsProcess.Run(Fixtures, "test", "objects", "--verbose");

        output.Should().Be("""
            objects/demo/tests/cases.yaml
              PASS  a Deployment without replicas fails on its own
              PASS  its autoscaler keeps 3, so it passes
              FAIL  only autoscalers may stand beside it
                    deployment.yaml document 0: objects: only HorizontalPodAutoscalers (autoscaling/v1 or v2, with a name and a scaleTargetRef) stand beside the judged object
              FAIL  a missing objects file fails the case
                    objects: nowhere.yaml does not exist
            2 passed, 2 failed

            """);
        exitCode.Should().Be(1);
    }

    [Fact]
    public void A_broken_policy_is_a_load_error_with_file_and_line_and_exit_code_2()
    {
        var (exitCode, output, errors) = GuardrailsProcess.Run(Fixtures, "test", "broken");

        errors.Should().Be("""
            broken/demo/policy.yaml:9:3: spec.severity: must be one of ["low","medium","high"]
            broken/demo/policy.yaml:18:42: schema: unknown keyword 'frobnicate': Guardrails rejects keywords it does not enforce (use an 'x-' prefix for your own annotations)
            error: the policies do not load (2 problems)

            """);
        output.Should().BeEmpty();
        exitCode.Should().Be(2);
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error()
    {
        var (exitCode, _, errors) = GuardrailsProcess.Run(Fixtures, "test");

        errors.Should().Contain("Required argument 'paths' missing");
        exitCode.Should().Be(2);
    }
}
