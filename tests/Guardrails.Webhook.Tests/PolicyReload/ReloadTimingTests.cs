using Guardrails.Webhook.PolicyReload;

namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>Debounce and polling, on a clock the tests move by hand.</summary>
public sealed class ReloadTimingTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    private readonly PolicyFiles _files = new();
    private readonly ManualTimeProvider _time = new();
    private readonly List<ReloadOutcome> _reloads = [];
    private readonly string _policy;

    public ReloadTimingTests()
    {
        _policy = Path.Combine(_files.Root, "policy.yaml");
        File.WriteAllText(_policy, _files.Original);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_debouncer_runs_once_after_the_last_signal_of_a_burst()
    {
        var runs = 0;
        using var debouncer = new Debouncer(_time, Debounce, () => runs++);

        debouncer.Signal();
        _time.Advance(TimeSpan.FromMilliseconds(400));
        debouncer.Signal();
        _time.Advance(TimeSpan.FromMilliseconds(400));
        debouncer.Signal();
        _time.Advance(TimeSpan.FromMilliseconds(499));
        runs.Should().Be(0, "every signal restarts the quiet period");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        runs.Should().Be(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        runs.Should().Be(1);
    }

    [Fact]
    public async Task A_burst_of_writes_gives_one_reload_of_the_final_content()
    {
        using var provider = Provider(new PolicyWatchOptions { Debounce = Debounce, PollInterval = Timeout.InfiniteTimeSpan });
        provider.LoadInitial().Should().BeEmpty();
        var loads = 0;
        provider.Reloaded += _ => loads++;

        foreach (var i in Enumerable.Range(0, 10))
        {
            File.WriteAllText(_policy, _files.Excluding($"burst-{i}"));
            PolicyFiles.Save(_policy, _files.Excluding($"burst-{i}"));
        }

        File.WriteAllText(_policy, _files.Excluding("final"));
        await Eventually.Until(() => _time.PendingTimers > 0, "the file events to arm the debounce");
        _time.Advance(Debounce);

        loads.Should().Be(1);
        _reloads.Should().Equal(ReloadOutcome.Success);
        provider.Current!.Engine.Evaluate(PolicyFiles.PrivilegedPod("final")).Violations.Should().BeEmpty("the reload read the last write");
    }

    [Fact]
    public void Polling_alone_sees_an_edit()
    {
        using var provider = Provider(new PolicyWatchOptions { Debounce = Debounce, PollInterval = Poll, FileEvents = false });
        provider.LoadInitial().Should().BeEmpty();
        var old = provider.Current!;

        _time.Advance(Poll + Debounce);
        _reloads.Should().BeEmpty("nothing changed");

        PolicyFiles.Save(_policy, _files.Excluding("sandbox"));
        _time.Advance(Poll - Debounce);
        _reloads.Should().BeEmpty("the change the poll saw waits out the debounce");
        _time.Advance(Debounce);

        _reloads.Should().Equal(ReloadOutcome.Success);
        provider.Current!.Revision.Should().NotBe(old.Revision);
        provider.Current.LoadedAt.Should().Be(_time.GetUtcNow());
        _time.Advance(Poll + Debounce);
        _reloads.Should().HaveCount(1, "the reload took the new fingerprint as its baseline");
    }

    [Fact]
    public void A_disposed_provider_stops_reloading()
    {
        var provider = Provider(new PolicyWatchOptions { Debounce = Debounce, PollInterval = Poll, FileEvents = false });
        provider.LoadInitial().Should().BeEmpty();

        provider.Dispose();
        PolicyFiles.Save(_policy, _files.Excluding("sandbox"));
        _time.Advance(Poll + Debounce);

        _reloads.Should().BeEmpty();
        _time.PendingTimers.Should().Be(0);
    }

    private PolicySetProvider Provider(PolicyWatchOptions options)
    {
        var provider = new PolicySetProvider(PolicyFiles.CliLoader([_policy]), [_policy], new ListLogger(), _time, options);
        provider.Reloaded += _reloads.Add;
        return provider;
    }
}
