using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Guardrails.Webhook.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Webhook.Tests.Tls;

public sealed class SelfSignedCertificatesTests
{
    private static readonly string[] DnsNames = ["guardrails.guardrails.svc", "guardrails.guardrails.svc.cluster.local", "localhost"];

    [Fact]
    public async Task The_CA_bundle_validates_the_serving_certificate_for_localhost_and_127_0_0_1_over_real_TLS()
    {
        using var generated = SelfSignedCertificates.Create(DnsNames);
        using var serving = ServingCertificate.FromCertificate(generated.ServingCertificate, "self-signed", NullLogger.Instance);
        await using var server = await TlsTestServer.StartAsync(serving);
        using var bundleRoot = X509Certificate2.CreateFromPem(generated.CaBundlePem);

        foreach (var host in new[] { "localhost", "127.0.0.1" })
        {
            var response = await TlsTestClient.GetAsync(server.Port, bundleRoot, host);

            response.Certificate.Thumbprint.Should().Be(generated.ServingCertificate.Thumbprint, host);
        }
    }

    [Fact]
    public void The_serving_certificate_names_the_services_and_loopback_addresses_and_chains_to_the_CA()
    {
        using var generated = SelfSignedCertificates.Create(DnsNames);
        var certificate = generated.ServingCertificate;

        certificate.HasPrivateKey.Should().BeTrue();
        foreach (var name in DnsNames.Append("127.0.0.1").Append("::1"))
        {
            certificate.MatchesHostname(name).Should().BeTrue(name);
        }

        certificate.MatchesHostname("guardrails.other.svc").Should().BeFalse();
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0]!.Value.Should().Be(TestPki.ServerAuth);
        (certificate.NotAfter - certificate.NotBefore).Should().BeCloseTo(TimeSpan.FromDays(365), TimeSpan.FromDays(1.1));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(generated.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(certificate).Should().BeTrue(string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void The_CA_is_a_CA_that_may_only_sign_and_keeps_no_private_key()
    {
        using var generated = SelfSignedCertificates.Create(["localhost"]);
        var authority = generated.Authority;

        authority.HasPrivateKey.Should().BeFalse();
        authority.SubjectName.RawData.Should().Equal(authority.IssuerName.RawData);
        authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeTrue();
        authority.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().HaveFlag(X509KeyUsageFlags.KeyCertSign);
        generated.ServingCertificate.Issuer.Should().Be(authority.Subject);
    }

    [Fact]
    public void The_bundle_is_PEM_and_its_base64_is_what_caBundle_takes()
    {
        using var generated = SelfSignedCertificates.Create(["localhost"]);

        generated.CaBundlePem.Should().StartWith("-----BEGIN CERTIFICATE-----\n").And.EndWith("-----END CERTIFICATE-----\n");
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(generated.CaBundlePem);
        bundle.Should().ContainSingle().Which.Thumbprint.Should().Be(generated.Authority.Thumbprint);
        Encoding.ASCII.GetString(Convert.FromBase64String(generated.CaBundleBase64)).Should().Be(generated.CaBundlePem);
    }

    [Fact]
    public void Names_that_are_IP_addresses_become_IP_names()
    {
        using var generated = SelfSignedCertificates.Create(["10.0.0.7"]);

        generated.ServingCertificate.MatchesHostname("10.0.0.7").Should().BeTrue();
        generated.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single()
            .EnumerateIPAddresses().Should().Contain(IPAddress.Parse("10.0.0.7"));
    }

    [Fact]
    public void Each_name_and_address_is_listed_once_even_when_given_twice_or_as_a_loopback_address()
    {
        using var generated = SelfSignedCertificates.Create(["localhost", "127.0.0.1", "LocalHost", "0:0::1", "10.0.0.7", "10.0.0.7", "guardrails.svc"]);
        var names = generated.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        names.EnumerateDnsNames().Should().Equal("localhost", "guardrails.svc");
        names.EnumerateIPAddresses().Should().Equal(IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.0.0.7"));
    }

    [Fact]
    public void The_loopback_addresses_are_listed_once_when_no_name_is_an_address()
    {
        using var generated = SelfSignedCertificates.Create(["localhost"]);
        var names = generated.ServingCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        names.EnumerateDnsNames().Should().Equal("localhost");
        names.EnumerateIPAddresses().Should().Equal(IPAddress.Loopback, IPAddress.IPv6Loopback);
    }

    [Fact]
    public void Written_files_load_back_as_a_serving_certificate()
    {
        using var generated = SelfSignedCertificates.Create(DnsNames);
        using var folder = new TempFolder();

        generated.WriteTo(folder.Path);

        using var serving = ServingCertificate.FromFiles(Path.Combine(folder.Path, "tls.crt"), Path.Combine(folder.Path, "tls.key"), NullLogger.Instance);
        serving.Current.Thumbprint.Should().Be(generated.ServingCertificate.Thumbprint);
        File.ReadAllText(Path.Combine(folder.Path, "ca.crt")).Should().Be(generated.CaBundlePem);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(folder.Path, "tls.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Writing_again_replaces_each_file_whole_with_its_own_mode_and_leaves_nothing_else()
    {
        using var first = SelfSignedCertificates.Create(DnsNames);
        using var second = SelfSignedCertificates.Create(DnsNames);
        using var folder = new TempFolder();
        first.WriteTo(folder.Path);
        var key = Path.Combine(folder.Path, "tls.key");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        second.WriteTo(folder.Path);

        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo("ca.crt", "tls.crt", "tls.key");
        File.ReadAllText(Path.Combine(folder.Path, "ca.crt")).Should().Be(second.CaBundlePem);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(key).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void No_names_is_an_error()
    {
        var create = () => SelfSignedCertificates.Create([]);

        create.Should().Throw<ArgumentException>();
    }
}
