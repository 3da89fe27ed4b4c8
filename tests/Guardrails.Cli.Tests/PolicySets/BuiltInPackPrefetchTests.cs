using Guardrails.Cli.PolicySets;

namespace Guardrails.Cli.Tests.PolicySets;

public sealed class BuiltInPackPrefetchTests
{
    [Theory]
    [InlineData("check x.yaml")]
    [InlineData("check -")]
    [InlineData("fix --diff x.yaml")]
    [InlineData("check --exemptions e.yaml -n prod x.yaml")]
    [InlineData("check x.yaml -- --policies")]
    public void Check_and_fix_without_policies_prefetch_the_pack(string line) =>
        BuiltInPackPrefetch.WillLoadBuiltIn(line.Split(' ')).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("test policies/")]
    [InlineData("serve")]
    [InlineData("--version")]
    [InlineData("check --policies p x.yaml")]
    [InlineData("check --policies=p x.yaml")]
    [InlineData("check -p p x.yaml")]
    [InlineData("check -p:p x.yaml")]
    [InlineData("check @args.rsp")]
    [InlineData("check --help")]
    [InlineData("fix -h")]
    [InlineData("[suggest] check")]
    [InlineData("check [suggest]")]
    public void Anything_else_prefetches_nothing(string line) =>
        BuiltInPackPrefetch.WillLoadBuiltIn(line.Length == 0 ? [] : line.Split(' ')).Should().BeFalse();

    [Fact]
    public void A_prefetched_pack_is_taken_once_and_equals_the_pack_loaded_in_place()
    {
        var inPlace = PolicySelection.LoadBuiltIn().PolicySet!;

        BuiltInPackPrefetch.Start(["check", "x.yaml"]);
        var prefetched = BuiltInPackPrefetch.Take();

        prefetched.Should().NotBeNull();
        prefetched!.Problems.Should().BeEmpty();
        prefetched.PolicySet!.Revision.Should().Be(inPlace.Revision);
        prefetched.PolicySet.Policies.Select(p => (p.Source, p.Id, p.Rules.Count)).Should().Equal(inPlace.Policies.Select(p => (p.Source, p.Id, p.Rules.Count)));
        BuiltInPackPrefetch.Take().Should().BeNull("a prefetched pack is taken once");
        BuiltInPackPrefetch.Discard();
    }
}
