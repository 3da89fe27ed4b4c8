using System.Security.Cryptography;
using System.Text;

namespace Guardrails.Engine.Loading;

/// <summary>
/// A short content hash of loaded texts: the first 12 hex characters of a SHA-256 over each text with its line
/// endings normalised, so the same files give the same revision wherever they are loaded (CI, cluster, Windows).
/// </summary>
internal static class ContentRevision
{
    /// <summary>The revision of a policy set's sources: in the order of their folder and file names, wherever they were loaded.</summary>
    public static string Of(IReadOnlyList<PolicyFile> sources) =>
        Of(sources
            .OrderBy(s => Path.GetFileName(Path.GetDirectoryName(s.Name)) + "/" + Path.GetFileName(s.Name), StringComparer.Ordinal)
            .Select(s => s.Text));

    public static string Of(IEnumerable<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));
            hash.AppendData([0]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
