using Guardrails.Engine.Files;
using Guardrails.Webhook.PolicyReload;

namespace Guardrails.Webhook.Tests.PolicyReload;

/// <summary>The fingerprint polling compares, and the link resolution under it.</summary>
public sealed class FileFingerprintTests : IDisposable
{
    private readonly PolicyFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_missing_file_has_a_fingerprint_that_changes_when_it_appears()
    {
        var path = Path.Combine(_files.Root, "later", "exemptions.yaml");
        var missing = FileFingerprint.Compute([path]);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");

        missing.Should().Contain("missing");
        FileFingerprint.Compute([path]).Should().NotBe(missing);
        RealPath.Resolve(Path.Combine(_files.Root, "nowhere", "x.yaml")).Should().Be(Path.Combine(RealPath.Resolve(_files.Root), "nowhere", "x.yaml"));
    }

    [Fact]
    public void A_folder_fingerprint_sees_an_added_file_and_an_edit()
    {
        var first = FileFingerprint.Compute([_files.Root]);
        File.WriteAllText(Path.Combine(_files.Root, "a.yaml"), "one");
        var added = FileFingerprint.Compute([_files.Root]);
        File.WriteAllText(Path.Combine(_files.Root, "a.yaml"), "three");

        added.Should().NotBe(first);
        FileFingerprint.Compute([_files.Root]).Should().NotBe(added).And.Be(FileFingerprint.Compute([_files.Root]));
    }

    [Fact]
    public void Looping_links_neither_hang_nor_throw()
    {
        var a = Path.Combine(_files.Root, "a");
        var b = Path.Combine(_files.Root, "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Directory.CreateDirectory(Path.Combine(_files.Root, "dir"));
        Directory.CreateSymbolicLink(Path.Combine(_files.Root, "dir", "up"), _files.Root);

        RealPath.Resolve(a).Should().Be(a);
        FileFingerprint.Compute([_files.Root]).Should().Contain(a);
    }
}
