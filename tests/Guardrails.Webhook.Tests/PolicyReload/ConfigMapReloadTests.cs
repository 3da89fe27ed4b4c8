using System.Collections.Concurrent;
using Guardrails.Engine.Files;
using Guardrails.Webhook.PolicyReload;

namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>
/// Policies mounted from a ConfigMap: the kubelet never edits a file in place, it swaps the <c>..data</c> link to a new
/// folder. Both the folder and a single file of it (the way <c>--exemptions</c> names one) are watched.
/// </summary>
public sealed class ConfigMapReloadTests : IDisposable
{
    private readonly PolicyFiles _files = new();
    private readonly string _mount;

    public ConfigMapReloadTests()
    {
        _mount = Path.Combine(_files.Root, "mount");
        PolicyFiles.PublishConfigMap(_mount, new Dictionary<string, string> { ["policy.yaml"] = _files.Original });
    }

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task File_events_see_the_data_link_swap(bool watchTheFile)
    {
        var reloads = new ConcurrentQueue<ReloadOutcome>();
        var options = new PolicyWatchOptions { Debounce = TimeSpan.FromMilliseconds(100), PollInterval = Timeout.InfiniteTimeSpan };
        using var provider = Provider(watchTheFile, TimeProvider.System, options);
        provider.Reloaded += reloads.Enqueue;
        provider.LoadInitial().Should().BeEmpty();
        var old = provider.Current!;

        PolicyFiles.PublishConfigMap(_mount, new Dictionary<string, string> { ["policy.yaml"] = _files.Excluding("sandbox") });
        await Eventually.Until(() => provider.Current!.Revision != old.Revision, "the swapped ConfigMap to become current");

        provider.Current!.Engine.Evaluate(PolicyFiles.PrivilegedPod("sandbox")).Violations.Should().BeEmpty();
        reloads.Should().NotContain(ReloadOutcome.Failure, "the swap is atomic: no reload sees half of it");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Polling_sees_the_data_link_swap_even_with_the_same_sizes_and_times(bool watchTheFile)
    {
        var time = new ManualTimeProvider();
        var options = new PolicyWatchOptions { Debounce = TimeSpan.FromMilliseconds(500), PollInterval = TimeSpan.FromSeconds(10), FileEvents = false };
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(_mount, "policy.yaml"));
        using var provider = Provider(watchTheFile, time, options);
        provider.LoadInitial().Should().BeEmpty();
        var old = provider.Current!;

        // Same length as "kube-system" and the same modification time: only where the links lead differs.
        var edited = _files.Excluding("sandbox-ns1");
        edited.Length.Should().Be(_files.Original.Length);
        PolicyFiles.PublishConfigMap(_mount, new Dictionary<string, string> { ["policy.yaml"] = edited }, stamp);
        time.Advance(TimeSpan.FromSeconds(10.5));

        provider.Current!.Revision.Should().NotBe(old.Revision);
        provider.Current.Engine.Evaluate(PolicyFiles.PrivilegedPod("sandbox-ns1")).Violations.Should().BeEmpty();
    }

    [Fact]
    public void The_real_path_of_a_mounted_file_follows_the_data_link()
    {
        var version = new DirectoryInfo(Path.Combine(_mount, "..data")).LinkTarget!;

        RealPath.Resolve(Path.Combine(_mount, "policy.yaml")).Should().Be(Path.Combine(RealPath.Resolve(_mount), version, "policy.yaml"));
    }

    // The folder is loaded by its top-level files: loading it recursively would also read the timestamped copies.
    private PolicySetProvider Provider(bool watchTheFile, TimeProvider time, PolicyWatchOptions options)
    {
        var file = Path.Combine(_mount, "policy.yaml");
        return watchTheFile
            ? new PolicySetProvider(PolicyFiles.CliLoader([file]), [file], new ListLogger(), time, options)
            : new PolicySetProvider(PolicyFiles.TopLevelLoader(_mount), [_mount], new ListLogger(), time, options);
    }
}
