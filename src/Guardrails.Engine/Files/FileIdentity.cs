namespace Guardrails.Engine.Files;

/// <summary>Which file or folder a path leads to: its device and inode, or (where those are not known) its real path.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, string? RealPath);
