namespace Guardrails.Engine.Files;

/// <summary>One entry a folder walk met.</summary>
/// <param name="Path">The entry's path: the walked folder as given, then the names below it.</param>
/// <param name="Kind">What it is, links followed.</param>
/// <param name="Description">What it is in words, for a note or an error: <c>a FIFO (named pipe)</c>, why it cannot be read.</param>
public sealed record FolderEntry(string Path, PathKind Kind, string Description)
{
    /// <summary>For a <see cref="PathKind.RepeatedFolder"/>: the path the folder was first walked by.</summary>
    public string? SameAs { get; init; }

    /// <summary>The entry's own name, the last part of <see cref="Path"/>.</summary>
    public string Name => System.IO.Path.GetFileName(Path);
}
