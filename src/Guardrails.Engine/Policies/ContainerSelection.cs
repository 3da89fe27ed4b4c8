using Guardrails.Engine.Format;

namespace Guardrails.Engine.Policies;

/// <summary>A container rule's <see cref="ContainerType"/>s as flags; their combinations index the targets of an evaluation.</summary>
[Flags]
internal enum ContainerSelection
{
    None = 0,
    Containers = 1,
    InitContainers = 2,
    SidecarContainers = 4,
    EphemeralContainers = 8,
}
