{{/*
The chart name, at most 63 characters.
*/}}
{{- define "guardrails.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: <release>-<chart>, or the release name alone when it
already contains the chart name. At most 63 characters (a DNS label, for the Service).
*/}}
{{- define "guardrails.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "guardrails.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object.
*/}}
{{- define "guardrails.labels" -}}
helm.sh/chart: {{ include "guardrails.chart" . }}
{{ include "guardrails.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: guardrails
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the webhook pods (Deployment, Service, PodDisruptionBudget, spreading).
*/}}
{{- define "guardrails.selectorLabels" -}}
app.kubernetes.io/name: {{ include "guardrails.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount's name.
*/}}
{{- define "guardrails.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "guardrails.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The TLS Secret's name. The built-in vault-only-secrets policy admits Secret volumes only when the
Secret's name starts with "guardrails-allowed-": the webhook's serving key is such a deliberate
exception (the API server must reach the webhook before any Vault agent could), and the prefix
keeps it visible.
*/}}
{{- define "guardrails.tlsSecretName" -}}
{{- printf "guardrails-allowed-%s-tls" (include "guardrails.fullname" .) | trunc 253 }}
{{- end }}

{{/*
The image reference: repository, tag (the chart's appVersion unless set) and optional digest.
*/}}
{{- define "guardrails.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag | toString }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector of both webhooks. The fixed exclusions come first and cannot be removed:
kube-system and kube-node-lease, the release namespace (the webhook must never judge its own pods,
or it could not start again after an outage) and every namespace labelled guardrails.dev/ignore=true.
*/}}
{{- define "guardrails.namespaceSelector" -}}
{{- $excluded := uniq (concat (list "kube-system" "kube-node-lease" .Release.Namespace) .Values.webhook.excludedNamespaces) -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- range $excluded }}
      - {{ . | quote }}
      {{- end }}
  - key: guardrails.dev/ignore
    operator: NotIn
    values:
      - "true"
{{- end }}

{{/*
The webhook Service as the API server calls it; the path is the one argument.
*/}}
{{- define "guardrails.clientConfig" -}}
service:
  name: {{ include "guardrails.fullname" .context }}
  namespace: {{ .context.Release.Namespace | quote }}
  path: {{ .path | quote }}
  port: {{ .context.Values.service.port }}
{{- end }}

{{/*
Rules of the validating webhook: every kind that carries a pod spec, on CREATE and UPDATE, the
subresources that change what runs: scale (replica minimum) and pods/ephemeralcontainers
(kubectl debug), and HorizontalPodAutoscalers of both served versions on CREATE and UPDATE (their
minReplicas is the replica minimum of what they scale).
*/}}
{{- define "guardrails.validatingRules" -}}
- apiGroups: [""]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["pods", "replicationcontrollers", "podtemplates"]
  scope: Namespaced
- apiGroups: [""]
  apiVersions: ["v1"]
  operations: ["UPDATE"]
  resources: ["pods/ephemeralcontainers", "replicationcontrollers/scale"]
  scope: Namespaced
- apiGroups: ["apps"]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["deployments", "replicasets", "statefulsets", "daemonsets"]
  scope: Namespaced
- apiGroups: ["apps"]
  apiVersions: ["v1"]
  operations: ["UPDATE"]
  resources: ["deployments/scale", "replicasets/scale", "statefulsets/scale"]
  scope: Namespaced
- apiGroups: ["batch"]
  apiVersions: ["v1"]
  operations: ["CREATE", "UPDATE"]
  resources: ["jobs", "cronjobs"]
  scope: Namespaced
- apiGroups: ["autoscaling"]
  apiVersions: ["v1", "v2"]
  operations: ["CREATE", "UPDATE"]
  resources: ["horizontalpodautoscalers"]
  scope: Namespaced
{{- end }}

{{/*
Rules of the mutating webhook: the same as the validating webhook's. On a scale request the engine
never patches (a rewritten replica count would fight autoscalers); on pods/ephemeralcontainers it
patches only the ephemeral containers being added (for example allowPrivilegeEscalation: false on a
kubectl debug container), never the pod's other fields; a production HorizontalPodAutoscaler applied
without minReplicas gets 2, and the spec.replicas of a workload an autoscaler scales is never filled in.
*/}}
{{- define "guardrails.mutatingRules" -}}
{{ include "guardrails.validatingRules" . }}
{{- end }}
