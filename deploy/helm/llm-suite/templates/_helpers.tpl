{{/* Names: "<release>-<chart>" unless overridden, truncated to the 63 characters DNS labels allow. */}}
{{- define "llmsuite.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "llmsuite.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A component's object name: "<fullname>-<component>"; the fullname is cut so the suffix always survives. */}}
{{- define "llmsuite.componentName" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- printf "%s-%s" (include "llmsuite.fullname" $root | trunc (int (sub 62 (len $component)))) $component | trimSuffix "-" -}}
{{- end -}}

{{- define "llmsuite.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Standard labels of every object; selectorLabels are the immutable subset used in selectors. */}}
{{- define "llmsuite.labels" -}}
helm.sh/chart: {{ include "llmsuite.chart" . }}
app.kubernetes.io/name: {{ include "llmsuite.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: llm-suite
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "llmsuite.componentLabels" -}}
{{- $root := index . 0 -}}
{{ include "llmsuite.labels" $root }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "llmsuite.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "llmsuite.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "llmsuite.annotations" -}}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "llmsuite.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "llmsuite.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "<registry>/<repository>/<image>:<tag>" or "...@<digest>". */}}
{{- define "llmsuite.image" -}}
{{- $root := index . 0 -}}
{{- $svc := index . 1 -}}
{{- $repository := printf "%s/%s" $root.Values.image.repository $svc.image -}}
{{- with $root.Values.image.registry }}{{ $repository = printf "%s/%s" . $repository }}{{ end -}}
{{- if $svc.digest -}}
{{- printf "%s@%s" $repository $svc.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Which services use Kafka (usage publishers and the ledger consumer) and keep a usage outbox. */}}
{{- define "llmsuite.usesKafka" -}}
{{- if has . (list "embedding" "generation" "pricing") }}true{{ end -}}
{{- end -}}

{{/* Secret names: the user's existing ones, or the chart's. */}}
{{- define "llmsuite.apiKeysSecret" -}}
{{- default (include "llmsuite.componentName" (list . "api-keys")) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "llmsuite.postgresSecret" -}}
{{- default (include "llmsuite.generatedSecret" .) .Values.postgresql.auth.existingSecret -}}
{{- end -}}

{{- define "llmsuite.kafkaClientSecret" -}}
{{- default (include "llmsuite.componentName" (list . "kafka-client")) .Values.kafka.clientConfig.existingSecret -}}
{{- end -}}

{{- define "llmsuite.kafkaClientConfigured" -}}
{{- if or .Values.kafka.clientConfig.existingSecret .Values.kafka.clientConfig.properties }}true{{ end -}}
{{- end -}}

{{- define "llmsuite.kafkaBootstrap" -}}
{{- if .Values.kafka.internal.enabled -}}
{{- printf "%s:9092" (include "llmsuite.componentName" (list . "kafka")) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required when kafka.internal.enabled is false" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "llmsuite.jdbcUrl" -}}
{{- if .Values.postgresql.internal.enabled -}}
{{- printf "jdbc:postgresql://%s:5432/llmsuite" (include "llmsuite.componentName" (list . "postgresql")) -}}
{{- else -}}
{{- $pg := .Values.postgresql.external -}}
{{- $params := list (printf "sslmode=%s" $pg.sslmode) -}}
{{- if $pg.caSecret }}{{ $params = append $params (printf "sslrootcert=/etc/llmsuite/postgresql/%s" $pg.caSecretKey) }}{{ end -}}
{{- with $pg.jdbcParams }}{{ $params = append $params . }}{{ end -}}
{{- printf "jdbc:postgresql://%s:%d/%s?%s" (required "postgresql.external.host is required when postgresql.internal.enabled is false" $pg.host) (int $pg.port) $pg.database (join "&" $params) -}}
{{- end -}}
{{- end -}}

{{/* A service's base URL as the gateway sees it: its headless Service, whose DNS name lists every ready pod. */}}
{{- define "llmsuite.headlessUrl" -}}
{{- $root := index . 0 -}}
{{- $key := index . 1 -}}
{{- printf "http://%s.%s.svc:%d" (include "llmsuite.componentName" (list $root (printf "%s-headless" $key))) $root.Release.Namespace (int (index $root.Values.services $key).port) -}}
{{- end -}}

{{/* Values the chart generates once, at install: a pre-install hook Secret, which upgrades never render again. */}}
{{- define "llmsuite.generatedSecret" -}}
{{- include "llmsuite.componentName" (list . "generated") -}}
{{- end -}}

{{- define "llmsuite.postgresPasswordKey" -}}
{{- ternary .Values.postgresql.auth.existingSecretPasswordKey "postgresql-password" (ne .Values.postgresql.auth.existingSecret "") -}}
{{- end -}}

{{/* Security context of pods and containers, shared by every workload of the chart. */}}
{{- define "llmsuite.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{- define "llmsuite.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}
