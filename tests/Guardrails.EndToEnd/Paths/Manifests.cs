namespace Guardrails.EndToEnd.Paths;

/// <summary>Small manifests for the kubectl paths: compliant with every built-in policy unless a test changes them.</summary>
internal static class Manifests
{
    public static readonly IReadOnlyDictionary<string, string> Production = new Dictionary<string, string> { ["env"] = "prod" };

    /// <summary>A compliant Deployment; <paramref name="replicas"/> null leaves spec.replicas out.</summary>
    public static string Deployment(string ns, string name, int? replicas = 3, string image = "registry.example.com/shop/app:1.4.2", bool resources = true, bool noEscalation = true) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
        {{(replicas is { } count ? $"  replicas: {count}" : "")}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 10001}
              containers:
                - name: app
                  image: {{image}}
        {{(resources ? "          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi} }" : "")}}
                  readinessProbe: {httpGet: {path: /ready, port: 8080} }
                  livenessProbe: {httpGet: {path: /live, port: 8080} }
        {{(noEscalation ? "          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}" : "")}}

        """;

    /// <summary>A compliant Pod (with an unpinned image when <paramref name="image"/> says so), to attach debug containers to.</summary>
    public static string Pod(string ns, string name, string image = "registry.example.com/shop/app:1.4.2") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          securityContext: {runAsNonRoot: true, runAsUser: 10001}
          containers:
            - name: app
              image: {{image}}
              resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi} }
              readinessProbe: {httpGet: {path: /ready, port: 8080} }
              livenessProbe: {httpGet: {path: /live, port: 8080} }
              securityContext: {allowPrivilegeEscalation: false}

        """;

    /// <summary>An autoscaling/v2 HorizontalPodAutoscaler of Deployment <paramref name="target"/>; <paramref name="minReplicas"/> null leaves it out.</summary>
    public static string Autoscaler(string ns, string name, string target, int? minReplicas, int maxReplicas = 5) => $$"""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: {{target}}}
        {{(minReplicas is { } min ? $"  minReplicas: {min}" : "")}}
          maxReplicas: {{maxReplicas}}
          metrics:
            - type: Resource
              resource: {name: cpu, target: {type: Utilization, averageUtilization: 70} }

        """;
}
