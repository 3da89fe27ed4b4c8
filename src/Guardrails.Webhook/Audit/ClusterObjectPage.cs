using System.Text.Json;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// One page of a list, its items as the engine judges them (with the <c>apiVersion</c> and <c>kind</c> that a list leaves
/// out of its items), and the token of the next page. The items live as long as the page: dispose it once judged.
/// </summary>
internal sealed class ClusterObjectPage : IDisposable
{
    private readonly JsonDocument? _document;

    public ClusterObjectPage(JsonDocument? document, IReadOnlyList<JsonElement> items, string? continueToken)
    {
        _document = document;
        Items = items;
        Continue = continueToken;
    }

    /// <summary>The objects of the page, in the API server's order (by namespace, then name).</summary>
    public IReadOnlyList<JsonElement> Items { get; }

    /// <summary>The token of the next page; null on the last.</summary>
    public string? Continue { get; }

    public void Dispose() => _document?.Dispose();
}
