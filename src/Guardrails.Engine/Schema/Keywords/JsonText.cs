using System.Text.Json;

namespace Guardrails.Engine.Schema.Keywords;

/// <summary>Reads a JSON string value that may hold an escaped lone surrogate, which .NET strings cannot carry.</summary>
internal static class JsonText
{
    public const string Invalid = "is not valid Unicode text (it holds a lone surrogate escape)";

    public static bool TryGet(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }
}
