using System.Reflection;
using Guardrails.Engine.Loading;
using Guardrails.Engine.Policies;

namespace Guardrails.Fuzz.Targets;

/// <summary>The built-in pack, embedded from <c>policies/*/policy.yaml</c> as the <c>guardrails</c> binary embeds it.</summary>
internal static class BuiltInPack
{
    public static IReadOnlyList<PolicyFile> Sources() => PolicyFileReader.ReadEmbedded(Assembly.GetExecutingAssembly());

    public static PolicySet Load()
    {
        var result = PolicyLoader.Load(Sources());
        return result.PolicySet ?? throw new InvalidOperationException("the built-in pack does not load: " + string.Join("; ", result.Problems));
    }
}
