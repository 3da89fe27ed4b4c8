using Guardrails.Yaml;

namespace Guardrails.Engine.Loading;

internal static class Problems
{
    /// <summary>A problem at <paramref name="pointer"/> of a document, placed at the nearest line the source has.</summary>
    public static LoadProblem At(string file, SourceDocument document, string pointer, string message)
    {
        var position = document.Map.Find(pointer) ?? document.Start;
        return new LoadProblem(file, position.Line, position.Column, message);
    }
}
