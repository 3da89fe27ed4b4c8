using System.Text.Json;

namespace Guardrails.Engine.Templates;

/// <summary>The values a message or mutation placeholder can draw on; <paramref name="Autoscaler"/> when the object was judged on one.</summary>
internal readonly record struct TemplateScope(JsonElement Target, JsonElement Object, string Kind, string Namespace, string? ContainerType, string Pointer, Autoscaling.Autoscaler? Autoscaler = null);
