using Guardrails.EndToEnd.Kubernetes;

namespace Guardrails.EndToEnd.Checking;

/// <summary>
/// What the API server answered one write: the status (201 created, 403 denied, 422 invalid, 500 a failed webhook,
/// ...), the Status message, and the admission warnings. Read from the HTTP answer, or from what kubectl printed.
/// </summary>
internal sealed record ClusterOutcome(string Request, int Status, string? Message, IReadOnlyList<string> Warnings, string Raw)
{
    private const string DenialMarker = "denied the request: guardrails denied ";

    public bool Admitted => Status is 200 or 201;

    public bool DeniedByGuardrails => Status == 403 && Message?.Contains(DenialMarker, StringComparison.Ordinal) == true;

    /// <summary>The API server's own validation refused the object: for a patched object, a patch that cannot be valid.</summary>
    public bool Invalid => Status == 422;

    /// <summary>The guardrails denial itself: <c>guardrails denied Kind ns/name: [policy/rule] ...</c>.</summary>
    public string? Denial => DeniedByGuardrails ? Message![(Message!.IndexOf(DenialMarker, StringComparison.Ordinal) + "denied the request: ".Length)..] : null;

    public static ClusterOutcome FromApi(string request, ApiResponse response) =>
        new(request, response.Status, response.Message, response.Warnings, response.Describe());

    public static ClusterOutcome FromKubectl(string request, KubectlResult result)
    {
        var errors = result.ErrorLines;
        var status = result.ExitCode == 0 ? 201
            : errors.Contains("Error from server (Forbidden)", StringComparison.Ordinal) ? 403
            : errors.Contains("Error from server (Invalid)", StringComparison.Ordinal) || errors.Contains(" is invalid: ", StringComparison.Ordinal) ? 422
            : errors.Contains("Error from server (InternalError)", StringComparison.Ordinal) || errors.Contains("Internal error occurred", StringComparison.Ordinal) ? 500
            : errors.Contains("Error from server (NotFound)", StringComparison.Ordinal) ? 404
            : 1;
        return new ClusterOutcome(request, status, result.ExitCode == 0 ? null : errors, result.Warnings, result.Describe());
    }

    public string Describe() => $"cluster ({Request}):\n{Raw}";
}
