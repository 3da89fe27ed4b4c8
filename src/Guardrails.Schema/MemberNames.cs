namespace Guardrails.Schema;

/// <summary>
/// A number for every member name a compiled schema looks up, the same in every schema of the process, so that what
/// one rule found in an object can be kept by number for the next rule that looks up the same name
/// (<see cref="MemberMemo"/>). Thread-safe; names are only ever added, by compiling schemas.
/// </summary>
internal static class MemberNames
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, int> Ids = new(StringComparer.Ordinal);

    /// <summary>The number of <paramref name="name"/>, given to it the first time it is asked for.</summary>
    public static int Id(string name)
    {
        lock (Gate)
        {
            if (!Ids.TryGetValue(name, out var id))
            {
                id = Ids.Count;
                Ids.Add(name, id);
            }

            return id;
        }
    }
}
