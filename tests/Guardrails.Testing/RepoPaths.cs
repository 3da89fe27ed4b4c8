namespace Guardrails.Testing;

/// <summary>Folders of the repository the tests read, found from the test binary's folder.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the folder holding <c>Guardrails.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built-in pack's policies and their fixtures.</summary>
    public static string Policies => Path.Combine(Root, "policies");

    /// <summary>The example manifests the README shows.</summary>
    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The Helm chart.</summary>
    public static string Chart => Path.Combine(Root, "charts", "guardrails");

    /// <summary>Helm as build/install-helm.sh installs it (major version 3 or 4).</summary>
    public static string Helm(int major) => Path.Combine(Root, ".tools", $"helm-v{major}", "helm");

    /// <summary>The folder of the test project <paramref name="project"/> (for example <c>Guardrails.Engine.Tests</c>).</summary>
    public static string TestProject(string project) => Path.Combine(Root, "tests", project);

    /// <summary>The <c>Fixtures</c> folder of the test project <paramref name="project"/>.</summary>
    public static string Fixtures(string project) => Path.Combine(TestProject(project), "Fixtures");

    /// <summary>Real AdmissionReview bodies from a kube-apiserver v1.32, shared by the webhook and fuzz tests.</summary>
    public static string AdmissionReviews => Path.Combine(Fixtures("Guardrails.Webhook.Tests"), "admission-reviews");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Guardrails.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Guardrails.sln not found above " + AppContext.BaseDirectory);
    }
}
