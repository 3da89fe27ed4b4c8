using Microsoft.Extensions.Options;

namespace Guardrails.Webhook.Hosting;

/// <summary>Validates <see cref="WebhookOptions"/> when the host starts, with the problems <see cref="WebhookOptions.Validate"/> names.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().Concat(options.ValidateCluster()).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
