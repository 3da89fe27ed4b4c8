using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>One compiled keyword check.</summary>
internal interface ISchemaKeyword
{
    /// <summary>True when <paramref name="value"/> satisfies the keyword; otherwise records why through the context.</summary>
    bool Validate(JsonElement value, ValidationContext context);
}
