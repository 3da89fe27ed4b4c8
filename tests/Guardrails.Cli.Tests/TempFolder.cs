namespace Guardrails.Cli.Tests;

/// <summary>A folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "guardrails-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
