using System.Text.Json;

namespace Guardrails.Schema;

/// <summary>A JSON Schema compiled into checks over <see cref="JsonElement"/>; immutable and thread-safe.</summary>
public sealed class CompiledSchema
{
    private readonly bool? _constant;
    private readonly SchemaKeyword[] _keywords;

    internal CompiledSchema(bool? constant, SchemaKeyword[] keywords)
    {
        _constant = constant;
        _keywords = keywords;
    }

    /// <summary>A schema every value satisfies.</summary>
    public static CompiledSchema AcceptAll { get; } = new(true, []);

    /// <summary>Checks <paramref name="value"/>; failures land in <paramref name="context"/>.</summary>
    /// <exception cref="SchemaEvaluationException">A check could not finish (regular expression time-out).</exception>
    /// <exception cref="EvaluationDeadlineException">The evaluation's deadline passed.</exception>
    public bool Validate(JsonElement value, ValidationContext context)
    {
        context.Step();
        if (_constant is { } constant)
        {
            return constant || context.Fail("no value is allowed here");
        }

        var valid = true;
        foreach (var keyword in _keywords)
        {
            if (!keyword.Validate(value, context))
            {
                valid = false;
                if (context.StopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return valid;
    }

    /// <summary>
    /// Whether <paramref name="value"/> satisfies the schema, recording nothing in <paramref name="context"/> and stopping at
    /// the first failure.
    /// </summary>
    /// <exception cref="SchemaEvaluationException">A check could not finish (regular expression time-out).</exception>
    /// <exception cref="EvaluationDeadlineException">The evaluation's deadline passed.</exception>
    public bool Matches(JsonElement value, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.BeginSpeculation();
        try
        {
            return Validate(value, context);
        }
        finally
        {
            context.EndSpeculation();
        }
    }

    internal bool IsRejectAll => _constant == false;

    internal bool IsAcceptAll => _constant == true;

    internal SchemaKeyword[] Keywords => _keywords;
}
