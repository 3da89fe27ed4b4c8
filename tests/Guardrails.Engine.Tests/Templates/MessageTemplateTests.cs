using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Templates;

namespace Guardrails.Engine.Tests.Templates;

public sealed class MessageTemplateTests
{
    private const string Deployment = """
        {"kind":"Deployment","metadata":{"name":"web","labels":{"team":"payments"}},
         "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27","resources":{}}]}}}}
        """;

    [Fact]
    public void Target_paths_object_paths_and_request_facts_are_filled_in()
    {
        var message = Render(
            "{{name}} ({{image}}) of {{kind}} {{ object.metadata.name }} in {{namespace}} at {{pointer}}, {{containerType}}, {{object.spec.replicas}}");

        message.Should().Be("app (nginx:1.27) of Deployment web in shop at /spec/template/spec/containers/0, container, 3");
    }

    [Fact]
    public void A_missing_value_reads_unset_and_a_non_string_value_reads_as_its_json()
    {
        Render("{{securityContext.runAsUser}}|{{resources}}|{{object.metadata.labels}}|{{object.metadata.labels.team.deeper}}")
            .Should().Be("<unset>|{}|{\"team\":\"payments\"}|<unset>");
    }

    [Fact]
    public void Autoscaler_facts_come_from_the_autoscaler_and_its_floor_defaults_to_one()
    {
        var keepsTwo = new Autoscaler("shop", "web-hpa", "apps/v1", "Deployment", "web", 2);
        var keepsDefault = new Autoscaler("shop", "web-hpa", "apps/v1", "Deployment", "web", null);

        Render("{{autoscaler.name}} keeps {{autoscaler.minReplicas}}", keepsTwo).Should().Be("web-hpa keeps 2");
        Render("{{autoscaler.name}} keeps {{autoscaler.minReplicas}}", keepsDefault).Should().Be("web-hpa keeps 1");
        Render("{{autoscaler.name}} keeps {{autoscaler.minReplicas}}").Should().Be("<unset> keeps <unset>");
    }

    [Fact]
    public void A_long_value_is_cut_and_says_how_long_it_was()
    {
        var image = new string('x', 2_000);

        var message = RenderOn($$$"""{"name":"app","image":"{{{image}}}"}""", "image {{image}} is too long");

        message.Should().StartWith("image xxx").And.EndWith("...(2002 bytes) is too long");
        message.Length.Should().BeLessThan(MessageTemplate.MaxValueLength + 64);
    }

    [Fact]
    public void A_value_just_too_long_to_show_whole_is_cut_in_characters()
    {
        var image = new string('y', MessageTemplate.MaxValueLength + 1);

        var message = RenderOn($$$"""{"image":"{{{image}}}"}""", "{{image}}");

        message.Should().Be(new string('y', MessageTemplate.MaxValueLength - 64) + $"...({MessageTemplate.MaxValueLength + 1} characters)");
    }

    [Fact]
    public void A_value_of_the_limit_is_shown_whole()
    {
        var image = new string('z', MessageTemplate.MaxValueLength);

        RenderOn($$$"""{"image":"{{{image}}}"}""", "{{image}}").Should().Be(image);
    }

    [Theory]
    [InlineData("{{ name | upper }}", "placeholder '{{ name | upper }}' is not a dotted path (letters, digits, '_', '-', '.')")]
    [InlineData("{{.name}}", "placeholder '{{.name}}' is not a dotted path (letters, digits, '_', '-', '.')")]
    [InlineData("{{}}", "placeholder '{{}}' is not a dotted path (letters, digits, '_', '-', '.')")]
    [InlineData("image {{image", "a '{{' is never closed with '}}'")]
    public void A_template_that_is_not_well_formed_is_refused_with_the_reason(string text, string reason)
    {
        MessageTemplate.TryParse(text, out var template, out var error).Should().BeFalse();

        template.Should().BeNull();
        error.Should().Be(reason);
    }

    [Fact]
    public void A_request_fact_reads_as_its_JSON_string_did_at_every_length_and_in_every_script()
    {
        // Facts are put in messages as text now, no longer through a JSON string: the message must stay as it was.
        string[] texts =
        [
            "", "Deployment", "/spec/template/spec/containers/0/env/2/valueFrom/secretKeyRef", "<tag> & 'quote' + \"double\"",
            "caf\u00e9 \u6e2c\u8a66 \U0001F680", "\u212A\u0130", "line\nbreak\ttab\u2028", new string('a', 170), new string('\u00e9', 170),
            new string('a', 171), new string('\u00e9', 171), new string('a', 256), new string('a', 257), new string('\u00e9', 257),
            new string('b', 2000), string.Concat(Enumerable.Repeat("\U0001F680", 100)), string.Concat(Enumerable.Repeat("\U0001F680", 600)),
            "/spec/volumes/" + new string('~', 300),
        ];
        using var document = JsonDocument.Parse(Deployment);
        foreach (var text in texts)
        {
            var scope = new TemplateScope(document.RootElement, document.RootElement, text, text, text, text);
            var expected = MessageTemplate.ToText(Guardrails.Engine.Json.JsonValues.String(text));
            Parse("{{kind}}|{{namespace}}|{{containerType}}|{{pointer}}").Render(scope)
                .Should().Be(string.Join('|', Enumerable.Repeat(expected, 4)), text);
        }
    }

    [Fact]
    public void A_string_value_reads_as_its_text_did_at_every_length_with_and_without_escapes()
    {
        // A short string without escapes is decoded straight into the message: the message must stay as ToText gives it.
        string[] texts =
        [
            "", "nginx:1.27", "caf\\u00e9", "caf\u00e9 \u6e2c\u8a66 \U0001F680", "a\\\"b", "line\\nbreak", "\\ud83d\\ude80", "<\\/script>",
            new string('a', 255), new string('a', 256), new string('a', 257), new string('\u00e9', 128), new string('\u00e9', 129),
            string.Concat(Enumerable.Repeat("\U0001F680", 64)), string.Concat(Enumerable.Repeat("\U0001F680", 65)), new string('b', 2000),
            new string('a', 250) + "\\\\x",
        ];
        foreach (var text in texts)
        {
            using var document = JsonDocument.Parse("{\"name\":\"" + text + "\",\"n\":{\"name\":\"" + text + "\"}}");
            var expected = MessageTemplate.ToText(document.RootElement.GetProperty("name"));
            Parse("{{name}}|{{ object.n.name }}").Render(new TemplateScope(document.RootElement, document.RootElement, "Pod", "default", null, string.Empty))
                .Should().Be($"{expected}|{expected}", text);
        }
    }

    [Fact]
    public void Text_without_placeholders_is_kept_as_it_is()
    {
        Render("no placeholders here: { } }} {").Should().Be("no placeholders here: { } }} {");
    }

    private static string Render(string text, Autoscaler? autoscaler = null)
    {
        using var document = JsonDocument.Parse(Deployment);
        var container = document.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        return Parse(text).Render(new TemplateScope(
            container, document.RootElement, "Deployment", "shop", "container", "/spec/template/spec/containers/0", autoscaler));
    }

    private static string RenderOn(string target, string text)
    {
        using var document = JsonDocument.Parse(target);
        return Parse(text).Render(new TemplateScope(document.RootElement, document.RootElement, "Pod", "shop", "container", "/spec/containers/0"));
    }

    private static MessageTemplate Parse(string text)
    {
        MessageTemplate.TryParse(text, out var template, out var error).Should().BeTrue(error);
        return template!;
    }
}
