namespace Guardrails.Engine.Files;

/// <summary>What a path names, links followed, as the hosts' inputs and folder walks see it.</summary>
public enum PathKind
{
    /// <summary>Nothing is there, or a link leads nowhere.</summary>
    Missing,

    /// <summary>A regular file: the only kind that is ever read.</summary>
    File,

    /// <summary>A folder.</summary>
    Folder,

    /// <summary>A folder a walk reached again through a link (a loop, or a second link to it): it is walked once.</summary>
    RepeatedFolder,

    /// <summary>A FIFO, socket or device. Opening one can block forever or never end, so it is never opened.</summary>
    Special,

    /// <summary>Its status could not be read (permissions, a loop of links).</summary>
    Unreadable,

    /// <summary>A folder a walk could not list (permissions, removed while walked): what it holds is unknown.</summary>
    UnlistableFolder,
}
