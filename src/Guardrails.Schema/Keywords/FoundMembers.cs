using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Guardrails.Schema.Keywords;

/// <summary>The members a keyword found in one object, by the position of their names in its <see cref="MemberLookup"/>; kept on the stack.</summary>
[InlineArray(Length)]
internal struct FoundMembers
{
    /// <summary>How many members it holds.</summary>
    public const int Length = 16;

    private JsonElement _first;
}
