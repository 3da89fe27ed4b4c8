using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Webhook.Tests.Audit;

/// <summary>Objects as a list page gives them to the audit.</summary>
internal static class AuditObjects
{
    public static JsonElement Deployment(string name, string image, bool probe = false, string? team = null, string? owner = null)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image };
        if (probe)
        {
            container["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 80 } };
        }

        var metadata = Metadata(name, owner);
        if (team is not null)
        {
            metadata["labels"] = new JsonObject { ["team"] = team };
        }

        return Element(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
                },
            },
        });
    }

    public static JsonElement Pod(string name, string? owner) => Element(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = Metadata(name, owner),
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "nginx" }) },
    });

    // owner: "Kind/name", the controller, after a reference that is not.
    private static JsonObject Metadata(string name, string? owner)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "web", ["uid"] = $"uid-{name}" };
        if (owner is not null)
        {
            var parts = owner.Split('/');
            metadata["ownerReferences"] = new JsonArray(
                new JsonObject { ["apiVersion"] = "x/v1", ["kind"] = "Other", ["name"] = "first", ["uid"] = "u1" },
                new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = parts[0], ["name"] = parts[1], ["uid"] = "u2", ["controller"] = true });
        }

        return metadata;
    }

    private static JsonElement Element(JsonObject obj) => JsonDocument.Parse(obj.ToJsonString()).RootElement.Clone();
}
