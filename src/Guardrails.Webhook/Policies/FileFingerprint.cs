using System.Globalization;
using System.Text;

namespace Guardrails.Webhook.Policies;

/// <summary>
/// A cheap summary of watched files: every path, where its links really lead, its size and its modification time.
/// Two equal fingerprints mean nothing worth reloading for happened; it never reads file contents.
/// </summary>
internal static class FileFingerprint
{
    private static readonly EnumerationOptions Everything = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        // Links are followed, so a link to a parent folder must not recurse forever.
        MaxRecursionDepth = 16,
    };

    /// <summary>The fingerprint of folders (recursively) and files.</summary>
    public static string Compute(IReadOnlyList<string> paths)
    {
        var text = new StringBuilder();
        foreach (var path in paths)
        {
            try
            {
                Describe(path, text);
                if (Directory.Exists(path))
                {
                    foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", Everything).Order(StringComparer.Ordinal))
                    {
                        Describe(entry, text);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder swapped while being listed: the next poll sees the settled state.
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
