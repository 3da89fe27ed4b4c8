using Guardrails.EndToEnd.Checking;
using Guardrails.EndToEnd.Kubernetes;

namespace Guardrails.EndToEnd.Paths;

/// <summary>What users see from kubectl: the guardrails denial, admission warnings, success.</summary>
internal static class KubectlAssertions
{
    public static void ShouldBeDeniedBy(this KubectlResult result, string tag)
    {
        result.ExitCode.Should().NotBe(0, result.Describe());
        result.ErrorLines.Should().Contain("admission webhook \"validate.guardrails.dev\" denied the request: guardrails denied ", result.Describe())
            .And.Contain($"[{tag}] ", result.Describe());
    }

    public static void ShouldSucceed(this KubectlResult result) => result.ExitCode.Should().Be(0, result.Describe());

    /// <summary>The mutation is announced: a warning names the rule's tag, the field (as kubectl names it) and the value set.</summary>
    public static void ShouldAnnounce(this KubectlResult result, string tag, string field, params string[] values)
    {
        var rule = tag.Split('/');
        var tags = rule.Length == 2 && rule[0] == rule[1] ? new[] { $"[{tag}]", $"[{rule[0]}]" } : [$"[{tag}]"];
        var announcing = result.Warnings.Where(w => tags.Any(t => w.StartsWith(t, StringComparison.Ordinal)) && w.Contains(field, StringComparison.Ordinal)).ToList();
        announcing.Should().NotBeEmpty($"a warning should announce the mutation of {field} by [{tag}]:\n{result.Describe()}");
        foreach (var value in values)
        {
            string.Join('\n', announcing).Should().Contain(value, $"the warning announcing {field} should show the value set:\n{result.Describe()}");
        }
    }

    public static ClusterOutcome Outcome(this KubectlResult result, string request) => ClusterOutcome.FromKubectl(request, result);
}
