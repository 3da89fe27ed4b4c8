using System.Diagnostics;
using System.Text.Json;
using Guardrails.Cli.PolicySets;
using Guardrails.Engine.Evaluation;
using Guardrails.Engine.Loading;
using Guardrails.Webhook.PolicyReload;

namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>A temp folder holding a copy of the no-privileged policy, with the edits the tests make to it.</summary>
internal sealed class PolicyFiles : IDisposable
{
    /// <summary>Line 12 of the copied policy; an invalid severity there breaks the file.</summary>
    public const int SeverityLine = 12;

    public PolicyFiles()
    {
        Directory.CreateDirectory(Root);
        Original = File.ReadAllText(Path.Combine(RepoPaths.Policies, "no-privileged", "policy.yaml"));
        Original.Split('\n')[SeverityLine - 1].Should().Be("  severity: high", "the broken edit targets that line");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "guardrails-policies-" + Guid.NewGuid().ToString("N"));

    /// <summary>The policy as shipped: privileged containers are denied everywhere but kube-system.</summary>
    public string Original { get; }

    /// <summary>The policy with <paramref name="namespaceName"/> excluded instead of kube-system.</summary>
    public string Excluding(string namespaceName) => Original.Replace("excludeNamespaces: [kube-system]", $"excludeNamespaces: [{namespaceName}]", StringComparison.Ordinal);

    /// <summary>The policy with an invalid severity on <see cref="SeverityLine"/>.</summary>
    public string Broken => Original.Replace("  severity: high", "  severity: extreme", StringComparison.Ordinal);

    /// <summary>Loads like <c>guardrails check --policies</c> does.</summary>
    public static Func<EngineLoadResult> CliLoader(IReadOnlyList<string> policyPaths, string? exemptionsPath = null) => () =>
    {
        var (policies, exemptions, problems) = PolicySelection.Load(policyPaths, exemptionsPath);
        return EngineLoadResult.From(policies, exemptions, problems);
    };

    /// <summary>Loads only the top-level YAML files of a ConfigMap-mounted folder, through the engine's loader.</summary>
    public static Func<EngineLoadResult> TopLevelLoader(string folder) => () =>
    {
        var sources = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => new PolicyFile(f, File.ReadAllText(f)));
        var result = PolicyLoader.Load(sources);
        return EngineLoadResult.From(result.PolicySet, null, result.Problems);
    };

    /// <summary>Writes a file the way editors save: a temp file renamed over the old one.</summary>
    public static void Save(string path, string text)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Publishes files into a folder the way the kubelet updates a ConfigMap volume: a new timestamped folder, a
    /// <c>..data_tmp</c> link to it renamed over <c>..data</c>, and one link per key into <c>..data</c>.
    /// </summary>
    public static void PublishConfigMap(string mount, IReadOnlyDictionary<string, string> files, DateTime? lastWriteUtc = null)
    {
        Directory.CreateDirectory(mount);
        var dataLink = Path.Combine(mount, "..data");
        var previous = File.Exists(dataLink) || Directory.Exists(dataLink) ? new DirectoryInfo(dataLink).LinkTarget : null;
        var version = "..2030_01_01_00_00_00." + Guid.NewGuid().ToString("N")[..10];
        Directory.CreateDirectory(Path.Combine(mount, version));
        foreach (var (name, text) in files)
        {
            var file = Path.Combine(mount, version, name);
            File.WriteAllText(file, text);
            if (lastWriteUtc is { } time)
            {
                File.SetLastWriteTimeUtc(file, time);
            }
        }

        var tempLink = Path.Combine(mount, "..data_tmp");
        File.CreateSymbolicLink(tempLink, version);
        Rename(tempLink, dataLink);
        foreach (var name in files.Keys.Where(name => !File.Exists(Path.Combine(mount, name))))
        {
            File.CreateSymbolicLink(Path.Combine(mount, name), Path.Combine("..data", name));
        }

        if (previous is not null)
        {
            Directory.Delete(Path.Combine(mount, previous), recursive: true);
        }
    }

    /// <summary>A privileged pod in <paramref name="namespaceName"/>.</summary>
    public static EvaluationRequest PrivilegedPod(string namespaceName) => new()
    {
        Object = JsonDocument.Parse($$$"""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "{{{namespaceName}}}"},
             "spec": {"containers": [{"name": "c", "image": "nginx:1.27", "securityContext": {"privileged": true}}]}}
            """).RootElement,
    };

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // rename(2) replaces the old link atomically, as the kubelet does; File.Move refuses links to folders.
    private static void Rename(string from, string to)
    {
        using var mv = Process.Start(new ProcessStartInfo("mv", ["-T", from, to]) { RedirectStandardError = true })!;
        var error = mv.StandardError.ReadToEnd();
        mv.WaitForExit();
        mv.ExitCode.Should().Be(0, error);
    }
}
