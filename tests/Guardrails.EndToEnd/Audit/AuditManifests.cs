namespace Guardrails.EndToEnd.Audit;

/// <summary>Objects written with the webhook off, for the audit to find: a controller chain written by hand (no controllers run here).</summary>
internal static class AuditManifests
{
    /// <summary>A ReplicaSet controlled by Deployment <paramref name="deployment"/>, as the Deployment controller would make it.</summary>
    public static string OwnedReplicaSet(string ns, string name, string deployment, string deploymentUid) => $$$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{{name}}}
          namespace: {{{ns}}}
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: {{{deployment}}}, uid: {{{deploymentUid}}}, controller: true, blockOwnerDeletion: true}]
        spec:
          replicas: 1
          selector: {matchLabels: {app: {{{deployment}}}, pod-template-hash: abc12}}
          template:
            metadata: {labels: {app: {{{deployment}}}, pod-template-hash: abc12}}
            spec:
              containers: [{name: app, image: "registry.example.com/shop/app"}]

        """;

    /// <summary>A Pod controlled by <paramref name="ownerKind"/> <paramref name="owner"/>, with an unpinned image and no probes.</summary>
    public static string OwnedPod(string ns, string name, string ownerApiVersion, string ownerKind, string owner, string ownerUid) => $$$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{{name}}}
          namespace: {{{ns}}}
          labels: {app: web, pod-template-hash: abc12}
          ownerReferences: [{apiVersion: {{{ownerApiVersion}}}, kind: {{{ownerKind}}}, name: {{{owner}}}, uid: {{{ownerUid}}}, controller: true}]
        spec:
          containers: [{name: app, image: "registry.example.com/shop/app"}]

        """;
}
