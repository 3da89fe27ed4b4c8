using System.Runtime.InteropServices;
using System.Text;

namespace Guardrails.Engine.Files;

/// <summary>
/// The status of a path from Linux's <c>statx(2)</c>: its type (which .NET does not expose: a FIFO looks like an
/// empty file) and its device and inode. statx's buffer has one layout on every architecture, unlike <c>stat</c>'s.
/// </summary>
internal static class LinuxFileStatus
{
    private const int AtFdCwd = -100;
    private const int AtNoAutomount = 0x800;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;

    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    private const int NoEntry = 2;
    private const int NotDirectory = 20;
    private const int NoSystemCall = 38;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();
    private static volatile bool s_noGlibc;

    /// <summary>Reads the status of <paramref name="path"/>, links followed; false when statx is not available here.</summary>
    public static bool TryRead(string path, out PathStatus status)
    {
        status = null!;
        if (s_unavailable)
        {
            return false;
        }

        int result;
        StatxBuffer buffer;
        try
        {
            result = Statx(Encoding.UTF8.GetBytes(path + "\0"), out buffer);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return false;
        }

        if (result != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == NoSystemCall)
            {
                s_unavailable = true;
                return false;
            }

            status = error is NoEntry or NotDirectory ? PathStatus.Missing(path) : new PathStatus(PathKind.Unreadable, Marshal.GetPInvokeErrorMessage(error));
            return true;
        }

        var identity = new FileIdentity(((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, null);
        status = (buffer.Mode & TypeMask) switch
        {
            Regular => new PathStatus(PathKind.File, "a file") { Identity = identity },
            Directory => new PathStatus(PathKind.Folder, "a folder") { Identity = identity },
            Fifo => new PathStatus(PathKind.Special, "a FIFO (named pipe)"),
            Socket => new PathStatus(PathKind.Special, "a socket"),
            CharacterDevice => new PathStatus(PathKind.Special, "a character device"),
            BlockDevice => new PathStatus(PathKind.Special, "a block device"),
            _ => new PathStatus(PathKind.Special, "neither a file nor a folder"),
        };
        return true;
    }

    // glibc's libc by its file name first: it is loaded already, so it is found at once, where "libc" makes the runtime
    // try libc.so (glibc's is a linker script), liblibc.so and more in every library folder first (about 90 failed
    // file lookups, 1 to 2 ms of a short check; docs/performance.md, start-up). Elsewhere (musl) "libc" as before.
    private static int Statx(byte[] path, out StatxBuffer buffer)
    {
        if (!s_noGlibc)
        {
            try
            {
                return GlibcStatx(AtFdCwd, path, AtNoAutomount, StatxType | StatxIno, out buffer);
            }
            catch (DllNotFoundException)
            {
                s_noGlibc = true;
            }
        }

        return NativeStatx(AtFdCwd, path, AtNoAutomount, StatxType | StatxIno, out buffer);
    }

    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GlibcStatx(int directory, byte[] path, int flags, uint mask, out StatxBuffer buffer);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeStatx(int directory, byte[] path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>struct statx</c> (linux/stat.h): the same 256 bytes on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
