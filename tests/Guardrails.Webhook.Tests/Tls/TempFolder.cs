namespace Guardrails.Webhook.Tests.Tls;

/// <summary>A folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("guardrails-tls-").FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns the full path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp directory is cleaned eventually.
        }
    }
}
