using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>One compiled keyword check.</summary>
/// <remarks>
/// An abstract class rather than an interface: a schema calls many keyword types from one place, and a virtual call
/// there is a table lookup, where an interface call went through the runtime's stub resolution on every check.
/// </remarks>
internal abstract class SchemaKeyword
{
    /// <summary>True when <paramref name="value"/> satisfies the keyword; otherwise records why through the context.</summary>
    public abstract bool Validate(JsonElement value, ValidationContext context);
}
