namespace Guardrails.Cli.Checking;

/// <summary>Parses <c>--namespace-labels NAMESPACE=KEY=VALUE[,KEY=VALUE...]</c>; <c>NAMESPACE=</c> states a namespace with no labels.</summary>
internal static class NamespaceLabelsOption
{
    public const string Syntax = "NAMESPACE=KEY=VALUE[,KEY=VALUE...]";

    public static (Dictionary<string, Dictionary<string, string>> Labels, List<string> Errors) Parse(IEnumerable<string> values)
    {
        var labels = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--namespace-labels '{value}': expected {Syntax}");
                continue;
            }

            var namespaceName = value[..equals];
            var entry = labels.TryGetValue(namespaceName, out var existing) ? existing : labels[namespaceName] = new Dictionary<string, string>(StringComparer.Ordinal);
            var pairs = value[(equals + 1)..];
            if (pairs.Length == 0)
            {
                continue;
            }

            foreach (var pair in pairs.Split(','))
            {
                var separator = pair.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0)
                {
                    errors.Add($"--namespace-labels '{value}': label '{pair}' is not KEY=VALUE");
                    continue;
                }

                entry[pair[..separator]] = pair[(separator + 1)..];
            }
        }

        return (labels, errors);
    }
}
