namespace Guardrails.Chart.Tests.Rendering;

/// <summary>A template the renderer cannot or must not render: a syntax error, an unknown construct, or a failed call.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
