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

/// <summary>Builds <see cref="ContainerSelection"/> values.</summary>
internal static class ContainerSelections
{
    public static ContainerSelection Of(IReadOnlyList<ContainerType> types)
    {
        var selection = ContainerSelection.None;
        foreach (var type in types)
        {
            selection |= type switch
            {
                ContainerType.Containers => ContainerSelection.Containers,
                ContainerType.InitContainers => ContainerSelection.InitContainers,
                ContainerType.SidecarContainers => ContainerSelection.SidecarContainers,
                ContainerType.EphemeralContainers => ContainerSelection.EphemeralContainers,
                _ => ContainerSelection.None,
            };
        }

        return selection;
    }
}
