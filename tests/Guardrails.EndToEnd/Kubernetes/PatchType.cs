namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>The patch content types the API server accepts.</summary>
internal enum PatchType
{
    Json,
    Merge,
    StrategicMerge,
}
