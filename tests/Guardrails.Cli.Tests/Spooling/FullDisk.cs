using Guardrails.Cli.Spooling;

namespace Guardrails.Cli.Tests.Spooling;

/// <summary>Spools on a full disk: <c>/dev/full</c> fails every write with "No space left on device".</summary>
internal static class FullDisk
{
    /// <summary>The folder the failing spools claim to be in.</summary>
    public const string Folder = "/full-disk/";

    public static TempSpool Spool() => new(new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 4096), Folder);
}
