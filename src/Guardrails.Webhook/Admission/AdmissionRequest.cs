using System.Text.Json;
using Guardrails.Engine.Format;

namespace Guardrails.Webhook.Admission;

/// <summary>The parts of an <c>AdmissionReview</c> request the webhook uses, read from the API server's JSON.</summary>
/// <param name="ApiVersion"><c>admission.k8s.io/v1</c> or <c>admission.k8s.io/v1beta1</c>; the response uses the same.</param>
/// <param name="Uid">The request uid, echoed in the response.</param>
/// <param name="Kind">The kind of the object in the request (for <c>scale</c>: <c>Scale</c>).</param>
/// <param name="Resource">The resource written, as <c>group/version/resource</c> parts.</param>
/// <param name="SubResource">The subresource written, if any.</param>
/// <param name="Name">The object's name, when known.</param>
/// <param name="Namespace">The namespace; empty for cluster-scoped objects.</param>
/// <param name="Operation">CREATE, UPDATE, DELETE or CONNECT.</param>
/// <param name="Object">The object (null for DELETE).</param>
/// <param name="OldObject">The object before an UPDATE or DELETE.</param>
/// <param name="DryRun">True for a dry run (judged exactly like a real request: the webhook has no side effects).</param>
/// <param name="UserName">Who asked, for logs.</param>
internal sealed record AdmissionRequest(
    string ApiVersion,
    string Uid,
    GroupVersionKind Kind,
    GroupVersionResource Resource,
    string? SubResource,
    string? Name,
    string Namespace,
    AdmissionOperation Operation,
    JsonElement? Object,
    JsonElement? OldObject,
    bool DryRun,
    string? UserName);
