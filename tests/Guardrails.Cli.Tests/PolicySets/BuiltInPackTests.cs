using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Loading;

namespace Guardrails.Cli.Tests.PolicySets;

public sealed class BuiltInPackTests
{
    [Fact]
    public void The_compiled_in_pack_is_the_compiled_form_of_the_policies_folder()
    {
        var folder = RepoPaths.Policies;
        var (files, readProblems) = PolicyFileReader.Read([folder]);
        readProblems.Should().BeEmpty();
        var sources = files.Select(f => f with { Name = "policies/" + Path.GetRelativePath(folder, f.Name).Replace('\\', '/') }).ToList();
        var (expected, problems) = CompiledPack.Compile(sources);
        problems.Should().BeEmpty("the built-in pack loads with every check of the loader");

        BuiltInPackData.Json.ToArray().Should().Equal(expected, "the executable holds the pack compiled from policies/ as it is now");
    }

    [Fact]
    public void The_built_in_pack_is_the_set_its_embedded_sources_load_into()
    {
        var fromSources = PolicyLoader.Load(PolicySelection.ReadBuiltIn()).PolicySet!;

        var (set, _, problems) = PolicySelection.Load([], null);

        problems.Should().BeEmpty();
        set!.Revision.Should().Be(fromSources.Revision);
        set.Policies.Select(p => (p.Source, p.Id, p.Rules.Count)).Should().Equal(fromSources.Policies.Select(p => (p.Source, p.Id, p.Rules.Count)));
    }
}
