namespace Guardrails.Engine.Files;

/// <summary>Which entries a folder walk visits.</summary>
public sealed record FolderWalkOptions
{
    /// <summary>
    /// Whether entries whose names start with a dot are visited. They are not by default: <c>.git</c> holds no
    /// manifests, editors leave dot-files behind, and a ConfigMap volume shows every key again under <c>..data/</c>.
    /// </summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Folders (by name) that are listed as entries but not walked into; none when null.</summary>
    public Func<string, bool>? SkipFolder { get; init; }
}
