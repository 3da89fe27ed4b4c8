using Guardrails.Engine.Format;

namespace Guardrails.Engine.Policies;

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
