using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Guardrails.Chart.Tests.Helm;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>
/// The certificates the chart has Helm generate without cert-manager (Sprig's genCA and genSignedCert), parsed as the
/// API server and the webhook read them, for each Helm major.
/// </summary>
public sealed class CertificateTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    private static readonly TimeSpan Clock = TimeSpan.FromSeconds(2);

    public static TheoryData<int> Majors => [4, 3];

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_generated_ca_is_a_ca_valid_for_ca_validity_days(int major)
    {
        var render = await HelmRenders.TemplateAsync(Helm(major), new RenderRequest());
        var data = render.Chart.Single("Secret")["data"]!;

        using var ca = Certificate(data, "ca.crt");

        ca.Subject.Should().Be("CN=guardrails-ca");
        ca.Issuer.Should().Be(ca.Subject, "the CA is self-signed");
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Should().ContainSingle().Subject;
        constraints.CertificateAuthority.Should().BeTrue();
        ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().HaveFlag(X509KeyUsageFlags.KeyCertSign);
        ValidityOf(ca).Should().BeCloseTo(TimeSpan.FromDays(3650), Clock, "tls.caValidityDays defaults to 3650");
        ca.NotBefore.ToUniversalTime().Should().BeOnOrBefore(DateTime.UtcNow).And.BeAfter(DateTime.UtcNow.AddHours(-1), "Helm made it for this render");
        using var chain = ChainTo(ca);
        chain.Build(ca).Should().BeTrue("a self-signed CA verifies against itself");
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_generated_serving_certificate_names_every_form_of_the_service_and_chains_to_the_ca_bundle(int major)
    {
        var render = await HelmRenders.TemplateAsync(Helm(major), new RenderRequest());
        var chart = render.Chart;
        var data = chart.Single("Secret")["data"]!;
        var service = (string?)chart.Single("Service")["metadata"]!["name"];
        const string Namespace = RenderRequest.DefaultNamespace;

        using var ca = Certificate(data, "ca.crt");
        using var serving = X509Certificate2.CreateFromPem(Decode(data, "tls.crt"), Decode(data, "tls.key"));

        serving.Subject.Should().Be($"CN={service}.{Namespace}.svc");
        serving.Issuer.Should().Be(ca.Subject);
        var names = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Should().ContainSingle().Subject.EnumerateDnsNames();
        names.Should().BeEquivalentTo([service, $"{service}.{Namespace}", $"{service}.{Namespace}.svc", $"{service}.{Namespace}.svc.cluster.local"]);
        serving.Extensions.OfType<X509BasicConstraintsExtension>().Should().OnlyContain(c => !c.CertificateAuthority, "a serving certificate must not sign others");
        serving.Extensions.OfType<X509EnhancedKeyUsageExtension>().Should().ContainSingle()
            .Which.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).Should().Contain(ServerAuth, "the API server accepts only a server-auth certificate");
        ValidityOf(serving).Should().BeCloseTo(TimeSpan.FromDays(3650), Clock, "tls.certValidityDays defaults to 3650");
        serving.GetRSAPublicKey()!.KeySize.Should().BeGreaterThanOrEqualTo(2048);
        KeyMatches(serving).Should().BeTrue("tls.key must be the key of tls.crt");

        using var chain = ChainTo(ca);
        chain.Build(serving).Should().BeTrue($"the API server verifies the webhook against caBundle: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation))}");
        chain.ChainElements[^1].Certificate.Thumbprint.Should().Be(ca.Thumbprint);
        WebhookConfigurationTests.Webhooks(chart).Should().HaveCount(2)
            .And.OnlyContain(w => (string?)w["clientConfig"]!["caBundle"] == (string?)data["ca.crt"], "both webhooks trust the generated CA");
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_validity_values_reach_the_certificates(int major)
    {
        var render = await HelmRenders.TemplateAsync(Helm(major), new RenderRequest("tls: {caValidityDays: 30, certValidityDays: 7}"));
        var data = render.Chart.Single("Secret")["data"]!;

        using var ca = Certificate(data, "ca.crt");
        using var serving = Certificate(data, "tls.crt");

        ValidityOf(ca).Should().BeCloseTo(TimeSpan.FromDays(30), Clock);
        ValidityOf(serving).Should().BeCloseTo(TimeSpan.FromDays(7), Clock);
    }

    [Fact]
    public void A_serving_certificate_may_not_outlive_its_ca()
    {
        foreach (var render in TestChart.Refused("tls: {caValidityDays: 30, certValidityDays: 31}"))
        {
            render.ErrorLine.Should().Be("Error: execution error at (guardrails/templates/webhook.yaml:9:4): tls.certValidityDays (31) is longer than tls.caValidityDays (30): "
                + "the API server would stop trusting the serving certificate when the CA expires", render.Helm.ToString());
        }
    }

    [Fact]
    public void The_secret_is_a_tls_secret_whose_name_the_vault_only_secrets_policy_allows()
    {
        var secret = TestChart.Render().Single("Secret");

        ((string?)secret["type"]).Should().Be("kubernetes.io/tls");
        ((string?)secret["metadata"]!["name"]).Should().MatchRegex("^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
        secret["data"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["ca.crt", "tls.crt", "tls.key"]);
    }

    // helm template and helm install --dry-run cannot see the cluster, so the chart's lookup of the existing Secret
    // finds nothing and each render makes a new CA. That an upgrade keeps the certificates (lookup finds the Secret)
    // needs a real API server: it belongs to the end-to-end suite's helm install and upgrade.
    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Without_an_existing_secret_each_render_makes_a_new_ca(int major)
    {
        var request = new RenderRequest();
        var first = await HelmRenders.TemplateUncachedAsync(Helm(major), request);
        var second = await HelmRenders.TemplateUncachedAsync(Helm(major), request);

        var firstCa = (string?)first.Chart.Single("Secret")["data"]!["ca.crt"];
        var secondCa = (string?)second.Chart.Single("Secret")["data"]!["ca.crt"];

        firstCa.Should().NotBeNullOrEmpty().And.NotBe(secondCa, "helm template cannot see the cluster; only lookup on install and upgrade keeps the CA");
    }

    private static HelmBinary Helm(int major) => major == 4 ? HelmTools.Helm4 : HelmTools.Helm3;

    private static string Decode(JsonNode data, string key) => Encoding.UTF8.GetString(Convert.FromBase64String((string)data[key]!));

    private static X509Certificate2 Certificate(JsonNode data, string key) => X509Certificate2.CreateFromPem(Decode(data, key));

    private static TimeSpan ValidityOf(X509Certificate2 certificate) => certificate.NotAfter - certificate.NotBefore;

    private static X509Chain ChainTo(X509Certificate2 root)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain;
    }

    private static bool KeyMatches(X509Certificate2 certificate)
    {
        var data = RandomNumberGenerator.GetBytes(32);
        using var key = certificate.GetRSAPrivateKey()!;
        var signature = key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var publicKey = certificate.GetRSAPublicKey()!;
        return publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
