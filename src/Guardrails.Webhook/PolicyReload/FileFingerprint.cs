using System.Globalization;
using System.Text;
using Guardrails.Engine.Files;

namespace Guardrails.Webhook.PolicyReload;

/// <summary>
/// A cheap summary of watched files: every path, where its links really lead, its size and its modification time.
/// Two equal fingerprints mean nothing worth reloading for happened; it never reads file contents.
/// </summary>
internal static class FileFingerprint
{
    // Every entry, hidden ones too: a ConfigMap update is a swap of the ..data link. Each real folder is walked once,
    // so a link back up the tree neither loops nor multiplies the entries.
    private static readonly FolderWalkOptions Everything = new() { IncludeHidden = true };

    /// <summary>The fingerprint of folders (recursively) and files.</summary>
    public static string Compute(IReadOnlyList<string> paths)
    {
        var text = new StringBuilder();
        foreach (var path in paths)
        {
            try
            {
                Describe(path, text);
                if (PathStatus.Of(path).Kind == PathKind.Folder)
                {
                    foreach (var entry in FolderWalker.Walk(path, Everything).OrderBy(entry => entry.Path, StringComparer.Ordinal))
                    {
                        Describe(entry.Path, text);
                        if (entry.Kind is PathKind.Unreadable or PathKind.UnlistableFolder)
                        {
                            text.Append("unreadable ").Append(entry.Path).Append(": ").Append(entry.Description).Append('\n');
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder swapped while being described: the next poll sees the settled state.
                text.Append("unreadable ").Append(path).Append(": ").Append(ex.Message).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void Describe(string path, StringBuilder text)
    {
        var real = RealPath.Resolve(path);
        text.Append(path).Append(" -> ").Append(real);
        var file = new FileInfo(real);
        if (file.Exists)
        {
            text.Append(' ').Append(file.Length.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        }
        else if (!Directory.Exists(real))
        {
            text.Append(" missing");
        }

        text.Append('\n');
    }
}
