namespace Guardrails.Webhook.Admission;

/// <summary>Shortens text for messages without cutting a surrogate pair in two (half a pair would reach the API server as U+FFFD).</summary>
internal static class TextPrefix
{
    /// <summary>The first <paramref name="length"/> characters of <paramref name="text"/>, one fewer when that would split a pair.</summary>
    public static string Of(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
}
