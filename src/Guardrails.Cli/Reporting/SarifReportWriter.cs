using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Guardrails.Cli.Reading;
using Guardrails.Engine.Format;
using Guardrails.Yaml;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers read it: one run whose driver lists every
/// rule of the policy set, one result per violation (and a suppressed one per applied exemption), and input
/// problems, skipped documents and objects that could not be judged as tool execution notifications.
/// </summary>
internal static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string InformationUri = "https://github.com/guardrails-dev/guardrails";

    /// <summary>The base id of relative artifact locations: the directory the check ran in.</summary>
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>The key of the stable per-result fingerprint in <c>partialFingerprints</c>.</summary>
    public const string FingerprintKey = "guardrails/v1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        // SARIF is read by tools, not embedded in HTML: keep '<', '>' and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(CheckReport report, Stream output) => Write(report, output, Environment.CurrentDirectory);

    /// <summary>Writes the log; relative input paths are resolved against <paramref name="sourceRoot"/>.</summary>
    public static void Write(CheckReport report, Stream output, string sourceRoot)
    {
        var rules = RuleIndex.Of(report.Policies);
        using (var writer = new Utf8JsonWriter(output, Options))
        {
            WriteLog(
                writer,
                ReportHead.Of(report),
                sourceRoot,
                inputNotifications: w =>
                {
                    foreach (var file in report.Files)
                    {
                        WriteInputNotifications(w, file.Problems, file.Skipped);
                        foreach (var item in file.Objects)
                        {
                            WriteErrorNotifications(w, item, rules);
                        }
                    }
                },
                results: w =>
                {
                    foreach (var item in report.Objects)
                    {
                        WriteResults(w, item, rules);
                    }
                });
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>The writer options of the log (also those of its spooled fragments, which must match byte for byte).</summary>
    internal static JsonWriterOptions WriterOptions => Options;

    /// <summary>
    /// The log around its two long arrays: the tool execution notifications of the inputs (after those of
    /// <see cref="ReportHead.Problems"/> and the skipped paths), written by <paramref name="inputNotifications"/>, and
    /// the results, written by <paramref name="results"/>.
    /// </summary>
    internal static void WriteLog(Utf8JsonWriter writer, ReportHead head, string sourceRoot, Action<Utf8JsonWriter> inputNotifications, Action<Utf8JsonWriter> results)
    {
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        WriteTool(writer, head.Policies);
        WriteInvocation(writer, head, inputNotifications);
        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(SourceRoot);
        writer.WriteString("uri", DirectoryUri(sourceRoot));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        results(writer);
        writer.WriteEndArray();
        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteStartObject("properties");
        writer.WriteString("policySource", head.PolicyFile);
        writer.WriteString("policyRevision", head.Revision);
        writer.WriteString("failOn", ReportNames.Of(head.FailOn));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The results of one object: one per finding, and a suppressed one per applied exemption.</summary>
    internal static void WriteResults(Utf8JsonWriter writer, ObjectReport item, RuleIndex rules)
    {
        foreach (var finding in item.Findings)
        {
            WriteResult(writer, item, finding, rules);
        }

        foreach (var exemption in item.Exemptions.Where(e => e.Use.Status == ExemptionStatus.Applied))
        {
            WriteSuppressedResult(writer, item, exemption, rules);
        }
    }

    /// <summary>The tool version without build metadata (<c>1.2.0</c>, not <c>1.2.0+3f2a…</c>).</summary>
    public static string ToolVersion
    {
        get
        {
            var version = typeof(SarifReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(SarifReportWriter).Assembly.GetName().Version?.ToString(3)
                ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>The SARIF level of an action.</summary>
    public static string Level(PolicyAction action) => action switch
    {
        PolicyAction.Deny => "error",
        PolicyAction.Warn => "warning",
        _ => "note",
    };

    /// <summary>
    /// A hash that names a finding independently of its line: the same object breaking the same rule at the same
    /// field keeps its fingerprint when lines move, so code scanning keeps one alert for it across runs.
    /// </summary>
    public static string Fingerprint(ObjectReport item, string policyId, string ruleId, string pointer)
    {
        var key = string.Join('\0', item.File, item.Kind, item.Namespace ?? string.Empty, item.Name, $"{policyId}/{ruleId}", pointer);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>
    /// The <c>artifactLocation.uri</c> of an input: relative paths percent-encoded segment by segment, absolute paths
    /// as <c>file:</c> URIs, and standard input as <c>stdin</c>.
    /// </summary>
    public static (string Uri, bool Relative) ArtifactUri(string file)
    {
        if (file == InputSource.StandardInputName)
        {
            return ("stdin", false);
        }

        if (Path.IsPathFullyQualified(file))
        {
            return (new Uri(file).AbsoluteUri, false);
        }

        return (string.Join('/', file.Split('/').Select(Uri.EscapeDataString)), true);
    }

    /// <summary>
    /// SARIF message strings reserve braces for placeholders (§3.11.5), so literal ones are doubled; manifests and
    /// rendered messages (an unrendered Helm value, say) can hold them.
    /// </summary>
    public static string MessageText(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    private static string DirectoryUri(string directory)
    {
        var uri = new Uri(Path.GetFullPath(directory)).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    private static void WriteTool(Utf8JsonWriter writer, PolicySet policies)
    {
        var version = ToolVersion;
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "guardrails");
        writer.WriteString("informationUri", InformationUri);
        writer.WriteString("semanticVersion", version);
        writer.WriteString("version", version);
        writer.WriteStartArray("rules");
        foreach (var policy in policies.Policies)
        {
            foreach (var rule in policy.Rules)
            {
                WriteRule(writer, policy, rule);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, Policy policy, Rule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", RuleIndex.Id(policy.Id, rule.Id));
        writer.WriteString("name", PascalCase(rule.Id));
        WriteMultiformat(writer, "shortDescription", rule.Title);
        WriteMultiformat(writer, "fullDescription", rule.Description);
        WriteMultiformat(writer, "help", rule.Remediation ?? rule.Description);
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.Action));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        writer.WriteStringValue(ReportNames.Of(policy.Category));
        writer.WriteStringValue("kubernetes");
        writer.WriteEndArray();
        if (policy.Category == PolicyCategory.Security)
        {
            // GitHub ranks security alerts by this CVSS-like score: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0.
            writer.WriteString("security-severity", rule.Severity switch
            {
                Severity.High => "8.0",
                Severity.Medium => "5.0",
                _ => "2.0",
            });
        }

        // Findings are schema checks on declared fields, not heuristics.
        writer.WriteString("precision", "very-high");
        writer.WriteString("policy", policy.Id);
        writer.WriteString("action", ReportNames.Of(rule.Action));
        writer.WriteString("severity", ReportNames.Of(rule.Severity));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter writer, ReportHead head, Action<Utf8JsonWriter> inputNotifications)
    {
        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", head.Summary.ExitCode != ExitCodes.InputError);
        writer.WriteStartArray("toolExecutionNotifications");
        foreach (var problem in head.Problems)
        {
            // Missing paths and "nothing found" name no readable file, so they carry no location.
            writer.WriteStartObject();
            writer.WriteString("level", "error");
            WriteMessage(writer, $"{problem.File}: {problem.Message}");
            writer.WriteEndObject();
        }

        foreach (var skipped in head.SkippedPaths)
        {
            writer.WriteStartObject();
            writer.WriteString("level", "note");
            WriteMessage(writer, $"{skipped.Path}: skipped: {skipped.Reason}");
            writer.WriteEndObject();
        }

        inputNotifications(writer);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>The notifications of an input's problems, then of its skipped documents.</summary>
    internal static void WriteInputNotifications(Utf8JsonWriter writer, IEnumerable<InputProblem> problems, IEnumerable<SkippedDocument> skippedDocuments)
    {
        foreach (var problem in problems)
        {
            writer.WriteStartObject();
            writer.WriteString("level", "error");
            WriteMessage(writer, problem.Message);
            WriteLocations(writer, problem.File, problem.Line > 0 ? new SourcePosition(problem.Line, problem.Column) : null, null);
            writer.WriteEndObject();
        }

        foreach (var skipped in skippedDocuments)
        {
            writer.WriteStartObject();
            writer.WriteString("level", "note");
            WriteMessage(writer, $"skipped: {skipped.Reason}");
            WriteLocations(writer, skipped.File, skipped.Position, null);
            writer.WriteEndObject();
        }
    }

    /// <summary>The notifications of an object that could not be judged (one per error).</summary>
    internal static void WriteErrorNotifications(Utf8JsonWriter writer, ObjectReport item, RuleIndex rules)
    {
        foreach (var error in item.Result.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString("level", "error");
            var rule = error.PolicyId is null ? string.Empty : $"{RuleIndex.Id(error.PolicyId, error.RuleId ?? string.Empty)} ";
            WriteMessage(writer, $"{item.DisplayName}: {rule}could not be judged: {error.Message}");
            WriteLocations(writer, item.File, item.Position, item);
            if (error is { PolicyId: { } policyId, RuleId: { } ruleId } && rules.Find(policyId, ruleId) is { } index)
            {
                writer.WriteStartObject("associatedRule");
                writer.WriteString("id", RuleIndex.Id(policyId, ruleId));
                writer.WriteNumber("index", index);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteResult(Utf8JsonWriter writer, ObjectReport item, Finding finding, RuleIndex rules)
    {
        var violation = finding.Violation;
        writer.WriteStartObject();
        writer.WriteString("ruleId", RuleIndex.Id(violation.PolicyId, violation.RuleId));
        if (rules.Find(violation.PolicyId, violation.RuleId) is { } index)
        {
            writer.WriteNumber("ruleIndex", index);
        }

        writer.WriteString("level", Level(violation.Action));
        WriteMessage(writer, violation.Remediation is { Length: > 0 } fix ? $"{Sentence(violation.Message)} Fix: {fix}" : violation.Message);
        WriteLocations(writer, item.File, finding.Position, item);
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString(FingerprintKey, Fingerprint(item, violation.PolicyId, violation.RuleId, violation.Pointer));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        WriteObjectProperties(writer, item, violation.Pointer);
        if (violation.Container is not null)
        {
            writer.WriteString("container", violation.Container);
        }

        if (violation.ContainerType is not null)
        {
            writer.WriteString("containerType", violation.ContainerType);
        }

        writer.WriteString("action", ReportNames.Of(violation.Action));
        writer.WriteString("severity", ReportNames.Of(violation.Severity));
        writer.WriteString("detail", violation.Detail);
        if (violation.Assumptions.Count > 0)
        {
            writer.WriteStartArray("assumptions");
            foreach (var assumption in violation.Assumptions)
            {
                writer.WriteStringValue(assumption);
            }

            writer.WriteEndArray();
        }

        var standing = item.Exemptions.FirstOrDefault(e => e.Use.Status != ExemptionStatus.Applied
            && e.Use.PolicyId == violation.PolicyId && e.Use.RuleId == violation.RuleId && e.Use.Pointer == violation.Pointer);
        if (standing is not null)
        {
            writer.WriteString("exemption", ReportNames.Of(standing.Use.Status));
        }

        if (violation.Patch.Count > 0)
        {
            writer.WritePropertyName("patch");
            PatchOperation.Write(writer, violation.Patch);
        }

        if (violation.Changes.Count > 0)
        {
            writer.WriteStartArray("fixedInCluster");
            foreach (var change in violation.Changes)
            {
                writer.WriteStringValue(change.DescribeForManifest());
            }

            writer.WriteEndArray();
        }

        if (violation.FixWithheld is { } withheld)
        {
            writer.WriteString("notFixedReason", withheld);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSuppressedResult(Utf8JsonWriter writer, ObjectReport item, ExemptionFinding exemption, RuleIndex rules)
    {
        var use = exemption.Use;
        if (rules.Find(use.PolicyId, use.RuleId) is not { } index)
        {
            return;
        }

        var rule = rules.Rule(index);
        writer.WriteStartObject();
        writer.WriteString("ruleId", RuleIndex.Id(use.PolicyId, use.RuleId));
        writer.WriteNumber("ruleIndex", index);
        writer.WriteString("level", Level(rule.Action));
        // The engine does not render the message of an exempted finding: the rule's title stands in for it.
        WriteMessage(writer, $"{Sentence(rule.Title)} Not met at {(use.Pointer.Length == 0 ? "the object" : use.Pointer)}; exempted: {use.Reason}");
        WriteLocations(writer, item.File, exemption.Position, item);
        writer.WriteStartArray("suppressions");
        writer.WriteStartObject();
        // A central entry lives outside the manifest; an annotation is in the manifest itself.
        writer.WriteString("kind", use.Source == ExemptionSource.File ? "external" : "inSource");
        writer.WriteString("status", "accepted");
        writer.WriteString("justification", use.Reason);
        writer.WriteStartObject("properties");
        writer.WriteString("source", ReportNames.Of(use.Source));
        if (use.Owner is not null)
        {
            writer.WriteString("owner", use.Owner);
        }

        if (use.Expires is { } expires)
        {
            writer.WriteString("expires", expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (use.Entry is not null)
        {
            writer.WriteString("entry", use.Entry);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString(FingerprintKey, Fingerprint(item, use.PolicyId, use.RuleId, use.Pointer));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        WriteObjectProperties(writer, item, use.Pointer);
        writer.WriteString("action", ReportNames.Of(rule.Action));
        writer.WriteString("severity", ReportNames.Of(rule.Severity));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteObjectProperties(Utf8JsonWriter writer, ObjectReport item, string pointer)
    {
        writer.WriteString("pointer", pointer);
        writer.WriteString("objectKind", item.Kind);
        writer.WriteString("objectName", item.Name);
        if (item.Namespace is not null)
        {
            writer.WriteString("namespace", item.Namespace);
        }
    }

    private static void WriteLocations(Utf8JsonWriter writer, string file, SourcePosition? position, ObjectReport? item)
    {
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        var (uri, relative) = ArtifactUri(file);
        writer.WriteString("uri", uri);
        if (relative)
        {
            writer.WriteString("uriBaseId", SourceRoot);
        }

        writer.WriteEndObject();
        if (position is { Line: > 0 } start)
        {
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", start.Line);
            if (start.Column > 0)
            {
                writer.WriteNumber("startColumn", start.Column);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        if (item is not null)
        {
            writer.WriteStartArray("logicalLocations");
            writer.WriteStartObject();
            writer.WriteString("name", item.NameOrUnnamed);
            writer.WriteString("fullyQualifiedName", item.Namespace is null ? $"{item.Kind}/{item.NameOrUnnamed}" : $"{item.Kind}/{item.Namespace}/{item.NameOrUnnamed}");
            writer.WriteString("kind", "resource");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject("message");
        writer.WriteString("text", MessageText(text));
        writer.WriteEndObject();
    }

    private static void WriteMultiformat(Utf8JsonWriter writer, string name, string text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", MessageText(text));
        writer.WriteEndObject();
    }

    private static string Sentence(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    private static string PascalCase(string id)
    {
        var name = new StringBuilder(id.Length);
        foreach (var part in id.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        return name.Length == 0 ? id : name.ToString();
    }

    /// <summary>The position of each rule in <c>tool.driver.rules</c>, which results point at by <c>ruleIndex</c>.</summary>
    internal sealed class RuleIndex
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
        private readonly List<Rule> _rules = [];

        public static RuleIndex Of(PolicySet policies)
        {
            var index = new RuleIndex();
            foreach (var policy in policies.Policies)
            {
                foreach (var rule in policy.Rules)
                {
                    index._indexes.TryAdd(Id(policy.Id, rule.Id), index._rules.Count);
                    index._rules.Add(rule);
                }
            }

            return index;
        }

        public static string Id(string policyId, string ruleId) => $"{policyId}/{ruleId}";

        public int? Find(string policyId, string ruleId) => _indexes.TryGetValue(Id(policyId, ruleId), out var index) ? index : null;

        public Rule Rule(int index) => _rules[index];
    }
}
