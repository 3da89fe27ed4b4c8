using System.Collections.Concurrent;
using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Webhook.PolicyReload;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>Loading, readiness and reloads on real files, watched with the real clock.</summary>
public sealed class PolicySetProviderTests : IDisposable
{
    private static readonly PolicyWatchOptions Fast = new() { Debounce = TimeSpan.FromMilliseconds(100), PollInterval = TimeSpan.FromSeconds(1) };

    private readonly PolicyFiles _files = new();
    private readonly ListLogger _logger = new();
    private readonly ConcurrentQueue<ReloadOutcome> _reloads = new();
    private readonly string _policy;

    public PolicySetProviderTests()
    {
        _policy = Path.Combine(_files.Root, "no-privileged", "policy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(_policy)!);
        File.WriteAllText(_policy, _files.Original);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Before_the_first_load_the_provider_is_not_ready()
    {
        using var provider = Watching([_files.Root]);

        provider.IsReady.Should().BeFalse();
        provider.Current.Should().BeNull();
        provider.Status.Should().Be(PolicySetStatus.NotLoaded);
    }

    [Fact]
    public void The_initial_load_makes_the_set_current_with_the_revision_check_reports()
    {
        using var provider = Watching([_files.Root]);

        var problems = provider.LoadInitial();

        problems.Should().BeEmpty();
        provider.IsReady.Should().BeTrue();
        var expected = PolicyLoader.LoadPaths([_files.Root]).PolicySet!.Revision;
        provider.Current!.Revision.Should().Be(expected);
        provider.Current.Engine.Policies.Find("no-privileged").Should().NotBeNull();
        provider.Status.Should().BeEquivalentTo(new { IsReady = true, Revision = expected, LastReloadResult = ReloadOutcome.Success, LastReloadError = (string?)null });
        provider.Status.LoadedAt.Should().NotBeNull();
        _reloads.Should().BeEmpty("the initial load is not a reload");
    }

    [Fact]
    public void The_built_in_pack_loads_with_nothing_to_watch()
    {
        using var provider = new PolicySetProvider(PolicyFiles.CliLoader([]), [], _logger, TimeProvider.System, Fast);

        provider.LoadInitial().Should().BeEmpty();

        provider.IsReady.Should().BeTrue();
        provider.Current!.Revision.Should().Be(PolicyLoader.Load(PolicySelection.ReadBuiltIn()).PolicySet!.Revision);
        provider.Current.Engine.Policies.Policies.Should().HaveCountGreaterThan(1);
    }

    [Fact]
    public async Task A_good_edit_swaps_the_set_while_an_evaluation_holding_the_old_snapshot_keeps_the_old_rules()
    {
        using var provider = Watching([_files.Root]);
        provider.LoadInitial().Should().BeEmpty();
        var old = provider.Current!;

        PolicyFiles.Save(_policy, _files.Excluding("sandbox"));
        await Eventually.Until(() => provider.Current!.Revision != old.Revision, "the edited policy to become current");

        var current = provider.Current!;
        current.Revision.Should().Be(PolicyLoader.LoadPaths([_files.Root]).PolicySet!.Revision);
        var pod = PolicyFiles.PrivilegedPod("sandbox");
        var before = old.Engine.Evaluate(pod);
        var after = current.Engine.Evaluate(pod);
        before.Violations.Should().ContainSingle().Which.PolicyId.Should().Be("no-privileged");
        before.Revision.Should().Be(old.Revision);
        after.Violations.Should().BeEmpty("sandbox is now excluded");
        after.Revision.Should().Be(current.Revision);
        await Eventually.Until(() => _reloads.Contains(ReloadOutcome.Success), "the Success event");
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.Contains($"{old.Revision} -> {current.Revision}", StringComparison.Ordinal));
        provider.Status.LastReloadError.Should().BeNull();
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_set_and_a_fix_recovers()
    {
        using var provider = Watching([_files.Root]);
        provider.LoadInitial().Should().BeEmpty();
        var good = provider.Current!;

        PolicyFiles.Save(_policy, _files.Broken);
        await Eventually.Until(() => _reloads.Contains(ReloadOutcome.Failure), "the Failure event");

        provider.Current.Should().BeSameAs(good);
        provider.IsReady.Should().BeTrue("a broken reload keeps the last good set");
        var status = provider.Status;
        status.Revision.Should().Be(good.Revision);
        status.LastReloadResult.Should().Be(ReloadOutcome.Failure);
        status.LastReloadError.Should().Contain($"{_policy}:{PolicyFiles.SeverityLine}:").And.Contain("severity");
        status.LastReloadErrorAt.Should().NotBeNull();
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning
            && e.Message.Contains(good.Revision, StringComparison.Ordinal)
            && e.Message.Contains($"{_policy}:{PolicyFiles.SeverityLine}:", StringComparison.Ordinal));

        PolicyFiles.Save(_policy, _files.Excluding("sandbox"));
        await Eventually.Until(() => provider.Current!.Revision != good.Revision, "the fixed policy to become current");

        provider.Status.LastReloadError.Should().BeNull();
        provider.Current!.Engine.Evaluate(PolicyFiles.PrivilegedPod("sandbox")).Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task A_policy_file_truncated_then_written_in_place_keeps_its_policy_in_force_throughout()
    {
        using var provider = Watching([_files.Root]);
        var removals = new ConcurrentQueue<PolicyRemoval>();
        provider.Removed += removals.Enqueue;
        provider.LoadInitial().Should().BeEmpty();
        var good = provider.Current!;

        // An edit in place, as `>` in a shell or a plain open-truncate-write does it, with the steps further apart than the debounce.
        new FileStream(_policy, FileMode.Truncate).Dispose();
        await Eventually.Until(() => _reloads.Contains(ReloadOutcome.Failure), "the empty file to fail the reload");
        await Task.Delay(Fast.Debounce * 3);
        provider.Current.Should().BeSameAs(good, "an empty policy file is an error, never a set without its policy");
        provider.Status.LastReloadError.Should().Be($"{_policy}:1:1: the file is empty: a policy file must hold at least one policy (remove the file to remove its policies)");
        File.WriteAllText(_policy, _files.Original);
        await Eventually.Until(() => provider.Status.LastReloadError is null, "the rewritten file to load");

        provider.Current!.Revision.Should().Be(good.Revision);
        provider.Current.Engine.Policies.Find("no-privileged").Should().NotBeNull();
        _reloads.Should().NotContain(ReloadOutcome.Success, "at no point did a set without the policy become current");
        removals.Should().BeEmpty();
    }

    [Fact]
    public async Task A_deleted_policy_file_removes_its_policy_and_says_which_loudly()
    {
        var second = Path.Combine(_files.Root, "replica-minimum", "policy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);
        File.Copy(Path.Combine(RepoPaths.Root, "policies", "replica-minimum", "policy.yaml"), second);
        using var provider = Watching([_files.Root]);
        var removals = new ConcurrentQueue<PolicyRemoval>();
        provider.Removed += removals.Enqueue;
        provider.LoadInitial().Should().BeEmpty();
        var both = provider.Current!;

        File.Delete(_policy);
        await Eventually.Until(() => provider.Current!.Revision != both.Revision, "the set without the deleted policy to become current");

        provider.Current!.Engine.Policies.Policies.Select(p => p.Id).Should().Equal("replica-minimum");
        await Eventually.Until(() => !removals.IsEmpty, "the Removed event");
        removals.Should().ContainSingle().Which.Should().BeEquivalentTo(new PolicyRemoval(["no-privileged"], []));
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning
            && e.Message.StartsWith($"Policy set reloaded WITHOUT 1 policies [no-privileged] and 0 rules [] that revision {both.Revision} enforced", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reload_that_drops_rules_of_a_policy_it_keeps_names_them()
    {
        var before = PolicyLoader.LoadPaths([_files.Root]).PolicySet!;
        var healthProbes = PolicyLoader.LoadPaths([Path.Combine(RepoPaths.Root, "policies", "health-probes")]).PolicySet!;
        var full = PolicyLoader.LoadPaths([Path.Combine(RepoPaths.Root, "policies", "health-probes"), _files.Root]).PolicySet!;

        PolicyRemoval.Between(full, before).Should().BeEquivalentTo(new PolicyRemoval(["health-probes"], []));
        PolicyRemoval.Between(before, full).IsEmpty.Should().BeTrue();
        var rules = healthProbes.Policies.Single().Rules.Select(r => $"health-probes/{r.Id}").ToList();
        rules.Should().HaveCountGreaterThan(1);
        var firstRuleOnly = PolicyLoader.Load([new PolicyFile("hp.yaml", HealthProbesWithoutLaterRules())]).PolicySet!;
        PolicyRemoval.Between(healthProbes, firstRuleOnly).Should().BeEquivalentTo(new PolicyRemoval([], rules.Skip(1).ToList()));
    }

    [Fact]
    public async Task A_failed_initial_load_is_not_ready_until_the_files_are_fixed()
    {
        File.WriteAllText(_policy, _files.Broken);
        using var provider = Watching([_files.Root]);

        var problems = provider.LoadInitial();

        problems.Should().ContainSingle().Which.Should().BeEquivalentTo(new { File = _policy, Line = PolicyFiles.SeverityLine });
        provider.IsReady.Should().BeFalse();
        provider.Current.Should().BeNull();
        provider.Status.Should().BeEquivalentTo(new { IsReady = false, Revision = (string?)null, LastReloadResult = ReloadOutcome.Failure });
        provider.Status.LastReloadError.Should().Contain($"{_policy}:{PolicyFiles.SeverityLine}:");
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Message.Contains(_policy, StringComparison.Ordinal));

        PolicyFiles.Save(_policy, _files.Original);
        await Eventually.Until(() => provider.IsReady, "the fixed policy to load");

        provider.Status.Should().BeEquivalentTo(new { IsReady = true, LastReloadError = (string?)null });
        await Eventually.Until(() => _reloads.Contains(ReloadOutcome.Success), "the Success event");
    }

    [Fact]
    public async Task An_exemptions_edit_with_the_same_policies_is_a_new_set()
    {
        var exemptions = Path.Combine(_files.Root, "exemptions.yaml");
        var policies = Path.Combine(_files.Root, "no-privileged");
        File.WriteAllText(exemptions, Exemptions("team-a"));
        using var provider = Watching([policies, exemptions], PolicyFiles.CliLoader([policies], exemptions));
        provider.LoadInitial().Should().BeEmpty();
        var old = provider.Current!;

        PolicyFiles.Save(exemptions, Exemptions("team-a", "team-b"));
        await Eventually.Until(() => provider.Current!.Engine.Exemptions.Entries.Count == 2, "the new exemptions to become current");

        var current = provider.Current!;
        current.Revision.Should().NotBe(old.Revision, "the exemptions decide verdicts too")
            .And.StartWith(old.Engine.Policies.Revision + "+", "the policies did not change")
            .And.Be(current.Engine.Revision);
        current.LoadedAt.Should().BeOnOrAfter(old.LoadedAt);
        current.Engine.Evaluate(PolicyFiles.PrivilegedPod("team-b")).Violations.Should().BeEmpty();
        old.Engine.Evaluate(PolicyFiles.PrivilegedPod("team-b")).Violations.Should().ContainSingle();
        await Eventually.Until(() => _reloads.Contains(ReloadOutcome.Success), "the Success event");
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Information
            && e.Message.Contains($"revision {old.Revision} -> {current.Revision} (exemptions changed), 1 policies, 2 exemptions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reload_names_what_changed()
    {
        var policies = PolicyLoader.Load([new PolicyFile("a/policy.yaml", _files.Original)]).PolicySet!;
        var edited = PolicyLoader.Load([new PolicyFile("a/policy.yaml", _files.Original + "\n# edited\n")]).PolicySet!;
        var one = ExemptionLoader.Load(new PolicyFile("e.yaml", Exemptions("team-a")), policies).Exemptions!;
        var two = ExemptionLoader.Load(new PolicyFile("e.yaml", Exemptions("team-a", "team-b")), policies).Exemptions!;

        PolicySetProvider.Changed(new PolicyEngine(policies), new PolicyEngine(edited)).Should().Be("policies changed");
        PolicySetProvider.Changed(new PolicyEngine(policies, one), new PolicyEngine(policies, two)).Should().Be("exemptions changed");
        PolicySetProvider.Changed(new PolicyEngine(policies), new PolicyEngine(policies, one)).Should().Be("exemptions added");
        PolicySetProvider.Changed(new PolicyEngine(policies, one), new PolicyEngine(policies)).Should().Be("exemptions removed");
        PolicySetProvider.Changed(new PolicyEngine(policies, one), new PolicyEngine(edited, two)).Should().Be("policies and exemptions changed");
        new PolicyEngine(policies, one).Revision.Should().Be($"{policies.Revision}+{one.Revision}");
        new PolicyEngine(policies).Revision.Should().Be(policies.Revision, "without exemptions the revision is the policy set's");
    }

    [Fact]
    public void Reloading_the_same_files_is_unchanged()
    {
        using var provider = Watching([_files.Root]);
        provider.LoadInitial().Should().BeEmpty();
        var before = provider.Current!;

        provider.Reload().Should().Be(ReloadOutcome.Unchanged);

        provider.Current!.Revision.Should().Be(before.Revision);
        provider.Current.LoadedAt.Should().Be(before.LoadedAt);
        provider.Status.LastReloadResult.Should().Be(ReloadOutcome.Unchanged);
        _reloads.Should().Contain(ReloadOutcome.Unchanged);
    }

    [Fact]
    public void A_loader_that_throws_is_a_failed_reload()
    {
        var fail = false;
        var load = PolicyFiles.CliLoader([_files.Root]);
        using var provider = Watching([], () => fail ? throw new IOException("disk gone") : load());
        provider.LoadInitial().Should().BeEmpty();
        var good = provider.Current;

        fail = true;
        provider.Reload().Should().Be(ReloadOutcome.Failure);

        provider.Current.Should().BeSameAs(good);
        provider.Status.LastReloadError.Should().Contain("disk gone");
    }

    // The health-probes policy cut after its first rule, as a partial write could leave it.
    private static string HealthProbesWithoutLaterRules()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "policies", "health-probes", "policy.yaml"));
        var rules = text.IndexOf("\n    - id: ", StringComparison.Ordinal);
        var second = text.IndexOf("\n    - id: ", rules + 1, StringComparison.Ordinal);
        return text[..second] + "\n";
    }

    private static string Exemptions(params string[] namespaces) =>
        "apiVersion: guardrails.dev/v1\nkind: Exemptions\nmetadata: {name: test}\nspec:\n  exemptions:\n"
        + string.Concat(namespaces.Select(ns => $"    - policy: no-privileged\n      namespaces: [{ns}]\n      owner: ops\n      reason: a CNI plugin\n      expires: 2099-12-31\n"));

    private PolicySetProvider Watching(IReadOnlyList<string> paths, Func<EngineLoadResult>? load = null)
    {
        var provider = new PolicySetProvider(load ?? PolicyFiles.CliLoader(paths), paths, _logger, TimeProvider.System, Fast);
        provider.Reloaded += _reloads.Enqueue;
        return provider;
    }
}
