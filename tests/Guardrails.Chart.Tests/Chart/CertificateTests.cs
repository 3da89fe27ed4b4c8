using System.Security.Cryptography.X509Certificates;
using System.Text;
using Guardrails.Chart.Tests.Rendering;
using Guardrails.Chart.Tests.Support;

namespace Guardrails.Chart.Tests.Chart;

/// <summary>The certificates the chart generates without cert-manager, and their reuse across upgrades.</summary>
public sealed class CertificateTests
{
    private const string Namespace = "platform-guardrails";

    [Fact]
    public void The_generated_serving_certificate_names_every_form_of_the_service_and_chains_to_the_ca_bundle()
    {
        var chart = TestChart.Render(ns: Namespace);
        var data = chart.Single("Secret")["data"]!;
        var service = (string?)chart.Single("Service")["metadata"]!["name"];

        using var ca = X509Certificate2.CreateFromPem(Decode((string?)data["ca.crt"]));
        using var serving = X509Certificate2.CreateFromPem(Decode((string?)data["tls.crt"]), Decode((string?)data["tls.key"]));

        serving.HasPrivateKey.Should().BeTrue("tls.key must be the key of tls.crt");
        var names = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
        names.Should().BeEquivalentTo([service, $"{service}.{Namespace}", $"{service}.{Namespace}.svc", $"{service}.{Namespace}.svc.cluster.local"]);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(serving).Should().BeTrue("the API server verifies the webhook against caBundle");
        ((string?)WebhookConfigurationTests.Webhooks(chart).First()["clientConfig"]!["caBundle"]).Should().Be((string?)data["ca.crt"]);
    }

    [Fact]
    public void The_secret_is_a_tls_secret_whose_name_the_vault_only_secrets_policy_allows()
    {
        var secret = TestChart.Render().Single("Secret");

        ((string?)secret["type"]).Should().Be("kubernetes.io/tls");
        ((string?)secret["metadata"]!["name"]).Should().MatchRegex("^guardrails-allowed-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$");
    }

    [Fact]
    public void An_upgrade_keeps_the_certificates_of_the_existing_secret()
    {
        var first = TestChart.Render(ns: Namespace);
        var existing = first.Single("Secret");
        var seen = new List<string>();

        var second = TestChart.Render(ns: Namespace, lookup: (apiVersion, kind, ns, name) =>
        {
            seen.Add($"{apiVersion} {kind} {ns}/{name}");
            var data = existing["data"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (object?)(string?)p.Value));
            return new TemplateMap([KeyValuePair.Create<string, object?>("data", new TemplateMap(data, strict: false, "data"))], strict: false, "lookup result");
        });

        seen.Should().Equal($"v1 Secret {Namespace}/{existing["metadata"]!["name"]}");
        second.Single("Secret")["data"]!.ToJsonString().Should().Be(existing["data"]!.ToJsonString());
        WebhookConfigurationTests.Webhooks(second).Should().OnlyContain(w => (string?)w["clientConfig"]!["caBundle"] == (string?)existing["data"]!["ca.crt"]);
    }

    [Fact]
    public void Without_an_existing_secret_each_render_makes_a_new_ca()
    {
        var first = (string?)TestChart.Render().Single("Secret")["data"]!["ca.crt"];
        var second = (string?)TestChart.Render().Single("Secret")["data"]!["ca.crt"];

        first.Should().NotBe(second, "helm template cannot see the cluster; only lookup on install and upgrade keeps the CA");
    }

    private static string Decode(string? base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64!));
}
