#!/bin/bash
# Entry point of the Kafka stand-in: configured like the apache/kafka image, by KAFKA_<PROPERTY> variables
# (KAFKA_LOG_DIRS -> log.dirs), it formats the data folder on first start and runs the broker from the
# Kafka jars the project's embedded-infra uses.
set -euo pipefail
config=/tmp/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in KAFKA_HEAP_OPTS|KAFKA_OPTS) continue ;; KAFKA_*) ;; *) continue ;; esac
  key="${name#KAFKA_}"
  key="${key,,}"
  printf '%s=%s\n' "${key//_/.}" "$value" >> "$config"
done < <(env)
log_dirs="$(sed -n 's/^log\.dirs=//p' "$config")"
[[ -n "$log_dirs" ]] || { echo "KAFKA_LOG_DIRS is required" >&2; exit 1; }
classpath="/opt/kafka/libs/*"
if [[ ! -f "${log_dirs%%,*}/meta.properties" ]]; then
  cluster_id="${CLUSTER_ID:-$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)}"
  java -cp "$classpath" kafka.tools.StorageTool format --config "$config" --cluster-id "$cluster_id" --ignore-formatted
fi
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:--Dorg.slf4j.simpleLogger.defaultLogLevel=warn} -cp "$classpath" kafka.Kafka "$config"
