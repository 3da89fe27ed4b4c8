using System.Globalization;
using System.Runtime.InteropServices;

namespace Guardrails.Webhook.Tests.Tls;

/// <summary>
/// A folder laid out like a Kubernetes Secret volume: <c>tls.crt -> ..data/tls.crt</c>, <c>..data -> ..2026_...</c>,
/// updated the way the kubelet's atomic writer does it (new timestamped folder, new symlink, rename over <c>..data</c>).
/// </summary>
internal sealed class SecretVolume : IDisposable
{
    private readonly TempFolder _folder = new();
    private string _generation;
    private int _count;

    public SecretVolume(string certificatePem, string keyPem)
    {
        _generation = WriteGeneration(certificatePem, keyPem);
        Directory.CreateSymbolicLink(Path.Combine(Folder, "..data"), _generation);
        File.CreateSymbolicLink(CertificatePath, Path.Combine("..data", "tls.crt"));
        File.CreateSymbolicLink(KeyPath, Path.Combine("..data", "tls.key"));
    }

    public string Folder => _folder.Path;

    public string CertificatePath => Path.Combine(Folder, "tls.crt");

    public string KeyPath => Path.Combine(Folder, "tls.key");

    /// <summary>Atomically replaces both files, as the kubelet does when the Secret changes.</summary>
    public void Swap(string certificatePem, string keyPem)
    {
        var previous = _generation;
        _generation = WriteGeneration(certificatePem, keyPem);
        var temporary = Path.Combine(Folder, "..data_tmp");
        Directory.CreateSymbolicLink(temporary, _generation);
        // File.Move and Directory.Move refuse a symlink to a folder; rename(2) replaces it atomically, like os.Rename.
        if (Rename(temporary, Path.Combine(Folder, "..data")) != 0)
        {
            throw new IOException($"rename failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Directory.Delete(Path.Combine(Folder, previous), recursive: true);
    }

    public void Dispose() => _folder.Dispose();

    private string WriteGeneration(string certificatePem, string keyPem)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{++_count:D6}");
        var path = Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;
        File.WriteAllText(Path.Combine(path, "tls.crt"), certificatePem);
        File.WriteAllText(Path.Combine(path, "tls.key"), keyPem);
        return name;
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
