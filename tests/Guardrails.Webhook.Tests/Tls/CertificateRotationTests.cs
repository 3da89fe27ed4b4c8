using Guardrails.Webhook.Tls;
using Microsoft.Extensions.Logging;

namespace Guardrails.Webhook.Tests.Tls;

public sealed class CertificateRotationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Polling this rarely cannot be what notices the swap within the test's patience: the folder watcher must.
    private static readonly CertificateReloadOptions WatchOnly = new() { PollInterval = TimeSpan.FromHours(1), Debounce = TimeSpan.FromMilliseconds(200) };

    private static readonly CertificateReloadOptions PollOnly = new() { PollInterval = TimeSpan.FromMilliseconds(250), WatchFolders = false };

    private readonly TestPki _pki = TestPki.Create();
    private readonly ListLogger _logger = new();

    public void Dispose() => _pki.Dispose();

    public static TheoryData<string> Detections => ["watch", "poll"];

    [Theory]
    [MemberData(nameof(Detections))]
    public async Task A_Secret_update_is_served_to_new_connections_without_a_restart(string detection)
    {
        var first = _pki.Issue("webhook one");
        var second = _pki.Issue("webhook two");
        using var volume = new SecretVolume(first.CertificatePem, first.KeyPem);
        using var serving = ServingCertificate.FromFiles(volume.CertificatePath, volume.KeyPath, _logger, options: detection == "watch" ? WatchOnly : PollOnly);
        var recorder = new ReloadRecorder(serving);
        await using var server = await TlsTestServer.StartAsync(serving);
        (await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot)).Certificate.SerialNumber.Should().Be(first.SerialNumber);

        volume.Swap(second.CertificatePem, second.KeyPem);

        var response = await TlsTestClient.EventuallyAsync(
            () => TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot),
            r => r.Certificate.SerialNumber == second.SerialNumber,
            Patience);
        response.Certificate.SerialNumber.Should().Be(second.SerialNumber);
        response.Certificate.Subject.Should().Be("CN=webhook two");
        serving.Current.SerialNumber.Should().Be(second.SerialNumber);
        await recorder.WaitForAsync(reload => reload.Success, Patience);
        recorder.Reloads.Should().Equal((true, (string?)null));
    }

    public static TheoryData<string> BrokenSwaps => ["garbage key", "key of another certificate", "expired certificate", "empty certificate"];

    [Theory]
    [MemberData(nameof(BrokenSwaps))]
    public async Task A_broken_Secret_update_keeps_the_last_good_certificate_and_reports_the_failure(string broken)
    {
        var good = _pki.Issue("webhook good");
        var next = _pki.Issue("webhook next");
        using var volume = new SecretVolume(good.CertificatePem, good.KeyPem);
        using var serving = ServingCertificate.FromFiles(volume.CertificatePath, volume.KeyPath, _logger, options: WatchOnly);
        var recorder = new ReloadRecorder(serving);
        await using var server = await TlsTestServer.StartAsync(serving);

        var (certificatePem, keyPem, blamed) = Break(broken, next, volume);
        volume.Swap(certificatePem, keyPem);

        var (_, error) = await recorder.WaitForAsync(reload => !reload.Success, Patience);
        error.Should().Contain($"'{blamed}'");
        _logger.At(LogLevel.Error).Should().NotBeEmpty().And.AllSatisfy(message => message.Should().Contain("still serving CN=webhook good").And.Contain(blamed));
        serving.Current.SerialNumber.Should().Be(good.SerialNumber);
        (await TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot)).Certificate.SerialNumber.Should().Be(good.SerialNumber);

        volume.Swap(next.CertificatePem, next.KeyPem);

        var recovered = await TlsTestClient.EventuallyAsync(
            () => TlsTestClient.GetAsync(server.Port, _pki.TrustedRoot),
            r => r.Certificate.SerialNumber == next.SerialNumber,
            Patience);
        recovered.Certificate.SerialNumber.Should().Be(next.SerialNumber);
    }

    [Fact]
    public void Unchanged_files_are_not_reloaded_and_the_same_missing_file_is_reported_once()
    {
        var leaf = _pki.Issue("webhook");
        using var folder = new TempFolder();
        var certificatePath = folder.Write("tls.crt", leaf.CertificatePem);
        var keyPath = folder.Write("tls.key", leaf.KeyPem);
        using var serving = ServingCertificate.FromFiles(certificatePath, keyPath, _logger, options: PollOnly with { PollInterval = TimeSpan.FromHours(1) });
        var recorder = new ReloadRecorder(serving);

        serving.Reload().Should().BeFalse();
        File.Delete(keyPath);
        serving.Reload().Should().BeFalse();
        serving.Reload().Should().BeFalse();

        recorder.Reloads.Should().Equal((false, $"The TLS key file '{keyPath}' does not exist."));
        serving.Current.SerialNumber.Should().Be(leaf.SerialNumber);
    }

    private (string CertificatePem, string KeyPem, string Blamed) Break(string broken, TestCertificate next, SecretVolume volume) => broken switch
    {
        "garbage key" => (next.CertificatePem, "-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n", volume.KeyPath),
        "key of another certificate" => (next.CertificatePem, _pki.Issue("stranger").KeyPem, volume.KeyPath),
        "expired certificate" => Expired(volume),
        "empty certificate" => (string.Empty, next.KeyPem, volume.CertificatePath),
        _ => throw new ArgumentOutOfRangeException(nameof(broken)),
    };

    private (string, string, string) Expired(SecretVolume volume)
    {
        var expired = _pki.Issue("webhook expired", notBefore: DateTimeOffset.UtcNow.AddDays(-9), notAfter: DateTimeOffset.UtcNow.AddDays(-2));
        return (expired.CertificatePem, expired.KeyPem, volume.CertificatePath);
    }
}
