using System.Text.Json;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;

namespace Guardrails.Engine.Tests.Evaluation;

/// <summary>
/// The built-in pack on containers whose quantities would make an expanding parser run for minutes (issue 15.1): each
/// evaluation ends with the verdict the value deserves. The time-out is only a guard against a hang.
/// </summary>
public sealed class ExtremeQuantityTests
{
    private const int HangGuard = 60_000;
    private static readonly PolicyEngine Engine = new(PolicyLoader.LoadPaths([RepoPaths.Policies]).PolicySet!);

    public static TheoryData<string, string?> Limits() => new()
    {
        { "1e99999999", "resource-requests-limits/cpu-limit-max" },
        { "1e999999999", "resource-requests-limits/cpu-limit-max" },
        { "1E+2147483647", "resource-requests-limits/cpu-limit-max" },
        { new string('9', 100_000), "resource-requests-limits/cpu-limit-max" },
        { "+" + new string('0', 100_000) + "4", null },
        { "0." + new string('5', 100_000), null },
        { "1e-99999999", null },
        { "3.999999999999999999999999999999999999", null },
        { "4.000000000000000000000000000000000001", "resource-requests-limits/cpu-limit-max" },
        { "4000000001n", "resource-requests-limits/cpu-limit-max" },
        { "4Ki", "resource-requests-limits/cpu-limit-max" },
        { "99999999999999Ei", "resource-requests-limits/cpu-limit-max" },
        { "1e4294967296", null }, // the API server truncates the exponent to 32 bits: this is 1
        { "-1e99999999", null },
    };

    [Theory(Timeout = HangGuard)]
    [MemberData(nameof(Limits))]
    public async Task Cpu_limits_of_any_size_get_their_verdict(string cpu, string? violation)
    {
        await Task.Yield();
        var result = Engine.Evaluate(Request(cpu, "1Gi", TimeSpan.FromSeconds(10)));

        result.Errors.Should().BeEmpty();
        result.Violations.Select(v => $"{v.PolicyId}/{v.RuleId}").Should().BeEquivalentTo(violation is null ? [] : new[] { violation });
        result.Violations.Should().NotContain(v => v.Message.Length >= 400, "a message shows a long value cut short");
    }

    [Theory(Timeout = HangGuard)]
    [InlineData("1e99999999Ki")]
    [InlineData("1Gi1")]
    [InlineData("--1")]
    [InlineData("1e99999999999999999999")]
    [InlineData("0x1p3")]
    public async Task Malformed_quantities_are_findings_not_crashes(string memory)
    {
        await Task.Yield();
        var result = Engine.Evaluate(Request("1", memory, TimeSpan.FromSeconds(10)));

        result.Errors.Should().BeEmpty();
        result.Denied.Should().BeTrue();
        result.Violations.Should().Contain(v => v.RuleId == "memory-limit-max" && v.Detail.Contains("not a valid Kubernetes quantity", StringComparison.Ordinal));
    }

    [Fact(Timeout = HangGuard)]
    public async Task A_huge_limit_copied_into_a_missing_request_is_copied_as_written()
    {
        await Task.Yield();
        var result = Engine.Evaluate(Request("1e99999999", "1Gi", null, requests: false));

        result.Patch.Should().Contain(op => op.Path.EndsWith("/resources/requests", StringComparison.Ordinal)
            && op.Value!.Value.GetProperty("cpu").GetString() == "1e99999999");
    }

    private static EvaluationRequest Request(string cpu, string memory, TimeSpan? limit, bool requests = true)
    {
        var resources = new Dictionary<string, object>
        {
            ["limits"] = new Dictionary<string, string> { ["cpu"] = cpu, ["memory"] = memory },
        };
        if (requests)
        {
            resources["requests"] = new Dictionary<string, string> { ["cpu"] = "100m", ["memory"] = "64Mi" };
        }

        var container = new Dictionary<string, object>
        {
            ["name"] = "app",
            ["image"] = "registry.example.com/app:1.2.3",
            ["resources"] = resources,
            ["readinessProbe"] = new Dictionary<string, object> { ["tcpSocket"] = new Dictionary<string, int> { ["port"] = 8080 } },
            ["livenessProbe"] = new Dictionary<string, object> { ["tcpSocket"] = new Dictionary<string, int> { ["port"] = 8080 } },
            ["securityContext"] = new Dictionary<string, object> { ["allowPrivilegeEscalation"] = false, ["runAsNonRoot"] = true },
        };
        var pod = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new Dictionary<string, string> { ["name"] = "extreme" },
            ["spec"] = new Dictionary<string, object> { ["containers"] = new[] { container } },
        };
        return new EvaluationRequest { Object = JsonSerializer.SerializeToElement(pod), Namespace = "default", TimeLimit = limit };
    }
}
