using System.Runtime.InteropServices;

namespace Guardrails.Cli.Fixing;

/// <summary>
/// Replaces a file's content all at once: the new bytes go to a temporary file beside it (same folder, so the same file
/// system), created with the file's own permissions and flushed to disk, which is then renamed over it, and the folder
/// is flushed too so that the rename itself survives a crash. A reader or a killed process sees the old file or the new
/// one, never half of one. A symbolic link is kept: its target is replaced.
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
            return FlushFolder(folder);
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

    // The rename lives in the folder's entries: until they reach the disk, a crash may bring the old file back. Windows
    // has no handle on a folder to flush; its rename is written through by NTFS's journal.
    private static string? FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(folder + "\0");
        var descriptor = Open(path, ReadOnlyCloseOnExec);
        if (descriptor < 0)
        {
            return $"the new text is in place, but its folder cannot be opened to flush it to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }

        try
        {
            // Some file systems cannot flush a folder (EINVAL): their renames are as durable as they get.
            return Fsync(descriptor) == 0 || Marshal.GetLastPInvokeError() == InvalidArgument
                ? null
                : $"the new text is in place, but its folder could not be flushed to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // O_RDONLY | O_CLOEXEC, the same on every Linux architecture .NET runs on (O_DIRECTORY is not).
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const int InvalidArgument = 22;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);

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
