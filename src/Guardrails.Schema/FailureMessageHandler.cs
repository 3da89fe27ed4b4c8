using System.Globalization;
using System.Runtime.CompilerServices;

namespace Guardrails.Schema;

/// <summary>
/// Builds a failure message only when it will be recorded: inside <c>not</c>, <c>anyOf</c> or <c>if</c>
/// failures merely decide a branch, and formatting them would cost an allocation per check.
/// </summary>
[InterpolatedStringHandler]
internal ref struct FailureMessageHandler
{
    private readonly bool _enabled;
    private DefaultInterpolatedStringHandler _inner;

    /// <summary>Starts a message for <paramref name="context"/>.</summary>
    public FailureMessageHandler(int literalLength, int formattedCount, ValidationContext context, out bool shouldAppend)
    {
        ArgumentNullException.ThrowIfNull(context);
        _enabled = !context.Speculative;
        shouldAppend = _enabled;
        _inner = _enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
    }

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    internal string ToStringAndClear() => _enabled ? _inner.ToStringAndClear() : string.Empty;
}
