namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// Whether the cluster shows the same message as check. Word for word, with one allowance: a JSON pointer in the
/// message may name a field below check's, because the API server defaults an absent pod or container
/// <c>securityContext</c> (or container <c>resources</c>) to an empty object before any webhook sees it, so the webhook
/// points into the field that now exists (check: <c>see /spec/securityContext</c>; the cluster: <c>see
/// /spec/securityContext/runAsNonRoot</c>). A clipped warning (ending in "…") shows the message's first words.
/// </summary>
internal static class MessageText
{
    private const string Ellipsis = "…";

    public static bool Same(string check, string cluster, bool clipped)
    {
        if (check == cluster)
        {
            return true;
        }

        var expected = check.Split(' ');
        var shown = (clipped ? cluster[..^Ellipsis.Length].TrimEnd() : cluster).Split(' ');
        if (shown.Length > expected.Length || (!clipped && shown.Length != expected.Length))
        {
            return false;
        }

        for (var i = 0; i < shown.Length; i++)
        {
            var last = clipped && i == shown.Length - 1;
            if (!SameWord(expected[i], shown[i]) && !(last && expected[i].StartsWith(shown[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameWord(string expected, string shown)
    {
        if (expected == shown)
        {
            return true;
        }

        var punctuation = expected.Length - expected.TrimEnd(',', '.', ';', ':', ')').Length;
        var pointer = expected[..^punctuation];
        return pointer.StartsWith('/') && shown.EndsWith(expected[pointer.Length..], StringComparison.Ordinal)
            && shown[..^punctuation].StartsWith(pointer + "/", StringComparison.Ordinal);
    }
}
