using System.Text.Json;
using Guardrails.Engine.Format;

namespace Guardrails.Engine.Loading;

/// <summary>
/// Reads a policy document that passed the format schema into its model without System.Text.Json's metadata, whose
/// set-up (the type graph, the enum converters' attributes read by reflection) cost more than the rest of loading the
/// built-in pack at start-up (docs/performance.md). It reads the plain case only: any member, value or null it does not
/// expect makes it decline, and the loader then deserializes the document with System.Text.Json as before, so both give
/// the same model (<c>PolicyDocumentReaderTests</c> hold them equal on every policy of the repository).
/// </summary>
internal static class PolicyDocumentReader
{
    /// <summary>The model of <paramref name="root"/>, or <c>null</c> when it is not the plain case this reader handles.</summary>
    public static PolicyDocument? TryRead(JsonElement root)
    {
        try
        {
            return Document(root);
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    private static PolicyDocument Document(JsonElement e)
    {
        string apiVersion = "", kind = "";
        PolicyMetadata metadata = new();
        PolicySpec spec = new();
        foreach (var member in Members(e))
        {
            switch (member.Name)
            {
                case "apiVersion": apiVersion = String(member.Value); break;
                case "kind": kind = String(member.Value); break;
                case "metadata": metadata = Metadata(member.Value); break;
                case "spec": spec = Spec(member.Value); break;
                default: throw new DeclinedException();
            }
        }

        return new PolicyDocument { ApiVersion = apiVersion, Kind = kind, Metadata = metadata, Spec = spec };
    }

    private static PolicyMetadata Metadata(JsonElement e)
    {
        var metadata = new PolicyMetadata();
        foreach (var member in Members(e))
        {
            metadata = member.Name switch
            {
                "name" => metadata with { Name = String(member.Value) },
                "labels" => metadata with { Labels = StringMap(member.Value) },
                "annotations" => metadata with { Annotations = StringMap(member.Value) },
                _ => throw new DeclinedException(),
            };
        }

        return metadata;
    }

    private static PolicySpec Spec(JsonElement e)
    {
        var spec = new PolicySpec();
        foreach (var member in Members(e))
        {
            spec = member.Name switch
            {
                "title" => spec with { Title = String(member.Value) },
                "description" => spec with { Description = String(member.Value) },
                "category" => spec with { Category = Enum(member.Value, Categories) },
                "severity" => spec with { Severity = Enum(member.Value, Severities) },
                "action" => spec with { Action = Enum(member.Value, Actions) },
                "match" => spec with { Match = Match(member.Value) },
                "rules" => spec with { Rules = List(member.Value, Rule) },
                _ => throw new DeclinedException(),
            };
        }

        return spec;
    }

    private static RuleSpec Rule(JsonElement e)
    {
        var rule = new RuleSpec();
        foreach (var member in Members(e))
        {
            var value = member.Value;
            rule = member.Name switch
            {
                "id" => rule with { Id = String(value) },
                "title" => rule with { Title = String(value) },
                "description" => rule with { Description = String(value) },
                "target" => rule with { Target = Enum(value, Targets) },
                "containerTypes" => rule with { ContainerTypes = List(value, v => Enum(v, ContainerTypes)) },
                "match" => rule with { Match = Match(value) },
                "when" => rule with { When = Element(value) },
                "whenPod" => rule with { WhenPod = Element(value) },
                "schema" => rule with { Schema = Element(value) },
                "message" => rule with { Message = String(value) },
                "remediation" => rule with { Remediation = String(value) },
                "action" => rule with { Action = Enum(value, Actions) },
                "severity" => rule with { Severity = Enum(value, Severities) },
                "mutate" => rule with { Mutate = List(value, Mutation) },
                "scaledBy" => rule with { ScaledBy = ScaledBy(value) },
                _ => throw new DeclinedException(),
            };
        }

        return rule;
    }

    private static MutationSpec Mutation(JsonElement e)
    {
        var mutation = new MutationSpec();
        foreach (var member in Members(e))
        {
            mutation = member.Name switch
            {
                "op" => mutation with { Op = Enum(member.Value, PatchOps) },
                "path" => mutation with { Path = String(member.Value) },
                "value" => mutation with { Value = Element(member.Value) },
                _ => throw new DeclinedException(),
            };
        }

        return mutation;
    }

    private static ScaledBySpec ScaledBy(JsonElement e)
    {
        var scaledBy = new ScaledBySpec();
        foreach (var member in Members(e))
        {
            scaledBy = member.Name switch
            {
                "kind" => scaledBy with { Kind = String(member.Value) },
                "replicas" => scaledBy with { Replicas = String(member.Value) },
                "message" => scaledBy with { Message = String(member.Value) },
                "remediation" => scaledBy with { Remediation = String(member.Value) },
                _ => throw new DeclinedException(),
            };
        }

        return scaledBy;
    }

    private static MatchSpec Match(JsonElement e)
    {
        var match = new MatchSpec();
        foreach (var member in Members(e))
        {
            var value = member.Value;
            match = member.Name switch
            {
                "kinds" => match with { Kinds = List(value, String) },
                "excludeKinds" => match with { ExcludeKinds = List(value, String) },
                "operations" => match with { Operations = List(value, v => Enum(v, Operations)) },
                "namespaces" => match with { Namespaces = List(value, String) },
                "excludeNamespaces" => match with { ExcludeNamespaces = List(value, String) },
                "namespaceSelector" => match with { NamespaceSelector = Selector(value) },
                "objectSelector" => match with { ObjectSelector = Selector(value) },
                _ => throw new DeclinedException(),
            };
        }

        return match;
    }

    private static LabelSelectorSpec Selector(JsonElement e)
    {
        var selector = new LabelSelectorSpec();
        foreach (var member in Members(e))
        {
            selector = member.Name switch
            {
                "matchLabels" => selector with { MatchLabels = StringMap(member.Value) },
                "matchExpressions" => selector with { MatchExpressions = List(member.Value, Requirement) },
                _ => throw new DeclinedException(),
            };
        }

        return selector;
    }

    private static LabelSelectorRequirementSpec Requirement(JsonElement e)
    {
        var requirement = new LabelSelectorRequirementSpec();
        foreach (var member in Members(e))
        {
            requirement = member.Name switch
            {
                "key" => requirement with { Key = String(member.Value) },
                "operator" => requirement with { Operator = String(member.Value) },
                "values" => requirement with { Values = List(member.Value, String) },
                _ => throw new DeclinedException(),
            };
        }

        return requirement;
    }

    // The members of an object, each name once; anything else (another kind, a repeated name) is not the plain case.
    private static List<JsonProperty> Members(JsonElement e)
    {
        Require(e, JsonValueKind.Object);
        var members = new List<JsonProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in e.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                throw new DeclinedException();
            }

            members.Add(member);
        }

        return members;
    }

    private static string String(JsonElement e)
    {
        Require(e, JsonValueKind.String);
        return e.GetString()!;
    }

    private static JsonElement Element(JsonElement e) =>
        e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? throw new DeclinedException() : e.Clone();

    private static List<T> List<T>(JsonElement e, Func<JsonElement, T> item)
    {
        Require(e, JsonValueKind.Array);
        var list = new List<T>(e.GetArrayLength());
        foreach (var value in e.EnumerateArray())
        {
            list.Add(item(value));
        }

        return list;
    }

    private static Dictionary<string, string> StringMap(JsonElement e)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in Members(e))
        {
            map[member.Name] = String(member.Value);
        }

        return map;
    }

    private static T Enum<T>(JsonElement e, IReadOnlyDictionary<string, T> names) =>
        names.TryGetValue(String(e), out var value) ? value : throw new DeclinedException();

    private static void Require(JsonElement e, JsonValueKind kind)
    {
        if (e.ValueKind != kind)
        {
            throw new DeclinedException();
        }
    }

    // The JSON names of JsonStringEnumMemberName in PolicyEnums.cs; a name missing here only makes the reader decline.
    private static readonly Dictionary<string, PolicyAction> Actions = new(StringComparer.Ordinal)
    {
        ["audit"] = PolicyAction.Audit, ["warn"] = PolicyAction.Warn, ["deny"] = PolicyAction.Deny,
    };

    private static readonly Dictionary<string, Severity> Severities = new(StringComparer.Ordinal)
    {
        ["low"] = Severity.Low, ["medium"] = Severity.Medium, ["high"] = Severity.High,
    };

    private static readonly Dictionary<string, PolicyCategory> Categories = new(StringComparer.Ordinal)
    {
        ["efficiency"] = PolicyCategory.Efficiency, ["reliability"] = PolicyCategory.Reliability, ["security"] = PolicyCategory.Security,
    };

    private static readonly Dictionary<string, RuleTarget> Targets = new(StringComparer.Ordinal)
    {
        ["container"] = RuleTarget.Container, ["pod"] = RuleTarget.Pod, ["object"] = RuleTarget.Object,
    };

    private static readonly Dictionary<string, ContainerType> ContainerTypes = new(StringComparer.Ordinal)
    {
        ["containers"] = ContainerType.Containers, ["initContainers"] = ContainerType.InitContainers,
        ["sidecarContainers"] = ContainerType.SidecarContainers, ["ephemeralContainers"] = ContainerType.EphemeralContainers,
    };

    private static readonly Dictionary<string, AdmissionOperation> Operations = new(StringComparer.Ordinal)
    {
        ["CREATE"] = AdmissionOperation.Create, ["UPDATE"] = AdmissionOperation.Update,
        ["DELETE"] = AdmissionOperation.Delete, ["CONNECT"] = AdmissionOperation.Connect,
    };

    private static readonly Dictionary<string, PatchOp> PatchOps = new(StringComparer.Ordinal) { ["add"] = PatchOp.Add };

    private sealed class DeclinedException : Exception;
}
