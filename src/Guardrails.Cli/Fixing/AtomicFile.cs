namespace Guardrails.Cli.Fixing;

/// <summary>
/// Replaces a file's content all at once: the new bytes go to a temporary file beside it (same folder, so the same file
/// system), created with the file's own permissions and flushed to disk, which is then renamed over it. A reader or a
/// killed process sees the old file or the new one, never half of one. A symbolic link is kept: its target is replaced.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> if it still holds <paramref name="expected"/>; null on success, else why not.</summary>
    public static string? Replace(string path, byte[] expected, byte[] bytes)
    {
        string? temporary = null;
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(expected))
            {
                return "the file changed while it was being fixed: left as it is";
            }

            var folder = Path.GetDirectoryName(target)!;
            temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.guardrails-fix");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = File.GetUnixFileMode(target);
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The process's umask narrows the mode given at creation: set it again, exactly.
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: true);
            temporary = null;
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot write: {ex.Message}";
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file is hidden and named for its origin; nothing else can be done about it here.
        }
    }
}
