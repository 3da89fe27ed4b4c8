namespace Guardrails.EndToEnd.Checking;

public sealed class MessageTextTests
{
    [Theory]
    [InlineData("Pod web may run a container as root: see /spec/securityContext", "Pod web may run a container as root: see /spec/securityContext/runAsNonRoot", false, true)]
    [InlineData("Pod web may run a container as root: see /spec/securityContext", "Pod web may run a container as root: see /spec/template", false, false)]
    [InlineData("Pod web may run a container as root: see /spec/securityContext", "Pod web may run a container as root: see…", true, true)]
    [InlineData("Pod web may run a container as root: see /spec/securityContext", "Pod db may run a container…", true, false)]
    [InlineData("container app sets no CPU limit", "container app sets no CPU limit", false, true)]
    [InlineData("container app sets no CPU limit", "container app sets no CPU", false, false)]
    public void A_pointer_may_name_a_field_below_checks_and_a_clipped_warning_shows_the_start(string check, string cluster, bool clipped, bool same) =>
        MessageText.Same(check, cluster, clipped).Should().Be(same);
}
