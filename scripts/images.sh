#!/usr/bin/env bash
# ./suite images [--run]: builds the five container images with Jib, without a Docker daemon, into podman's
# image store, tagged <version>-g<commit> (immutable) and <version>. The base image (quarkus.jib.base-jvm-image in
# the root pom) is taken from podman's store; when it is not there and cannot be pulled, a local stand-in is
# built under the same name (deploy/images/stand-in-base.sh), as a platform team behind an air gap would.
#
# --run starts each image with podman next to Kafka and PostgreSQL (libs/embedded-infra, on the host), waits for
# /q/health/ready and prints `RESULT images built=<n> ready=<n>`.
#
# Environment: SUITE_HOME, LLMSUITE_SHARED_DIR (the generation image serves its stories260K.gguf under --run),
# SUITE_IMAGES_PORT_BASE (default 18080: gateway, then the services on +1..+4).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE_HOME="${SUITE_HOME:-$ROOT/.suite}"
SHARED="${LLMSUITE_SHARED_DIR:-$ROOT/../shared}"
MODULES=(gateway tokenizer-service embedding-service generation-service pricing-service)
PORT_BASE="${SUITE_IMAGES_PORT_BASE:-18080}"
KAFKA_PORT=$((PORT_BASE + 1112))
POSTGRES_PORT=$((PORT_BASE + 1113))
# Debian's podman in a container: runc, and limits it may set (raising the process limit is refused).
RUN_FLAGS=(--runtime runc --ulimit nofile=16384:16384 --ulimit nproc=8192:8192 --network host --read-only --tmpfs /tmp:rw,size=1g)

say() { printf '%s\n' "$*" >&2; }
die() { say "images: $*"; exit 1; }

run=false
case "${1:-}" in
  --run) run=true ;;
  "") ;;
  *) die "usage: ./suite images [--run]" ;;
esac
command -v podman >/dev/null || die "podman is needed ('apt-get install podman'); no Docker daemon is used"

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n 1)"
revision="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then revision="$revision-dirty"; fi
tag="$version-g$revision"
base="$(sed -n 's:.*<quarkus.jib.base-jvm-image>\(.*\)</quarkus.jib.base-jvm-image>.*:\1:p' "$ROOT/pom.xml")"
[[ -n "$base" ]] || die "no quarkus.jib.base-jvm-image in pom.xml"

mkdir -p "$SUITE_HOME/images" "$SUITE_HOME/logs"
if ! podman image exists "$base"; then
  say "Base image $base: not in podman's store; trying to pull it..."
  if ! timeout 60 podman pull -q "$base" >/dev/null 2>&1; then
    say "  cannot pull it here; building the local stand-in under the same name"
    "$ROOT/deploy/images/stand-in-base.sh" "$base" "$SUITE_HOME/images"
  fi
fi

started=$SECONDS
say "Building ${#MODULES[@]} images $tag with Jib on $base..."
modules_csv="$(IFS=,; echo "${MODULES[*]}")"
opts="${MAVEN_OPTS:-}"
opts="$opts --sun-misc-unsafe-memory-access=allow"
# Jib reads the base from a tarball of podman's copy (tar://) and loads each result with `podman load`
# (docker-executable-name): no daemon on either side. The label keeps the base's real name.
base_tar="$SUITE_HOME/images/base.tar"
podman save -q --format docker-archive -o "$base_tar.tmp" "$base" && mv "$base_tar.tmp" "$base_tar"
(cd "$ROOT" && MAVEN_OPTS="$opts" mvn -B -ntp -q package -DskipTests -pl "$modules_csv" -am \
  -Dquarkus.container-image.build=true \
  -Dquarkus.jib.base-jvm-image="tar://$base_tar" \
  -D'quarkus.container-image.labels."org.opencontainers.image.base.name"'="$base" \
  -Dquarkus.jib.docker-executable-name=podman \
  -Dquarkus.container-image.tag="$tag" \
  -Dquarkus.container-image.additional-tags="$version" \
  -Dllmsuite.image.revision="$revision") > "$SUITE_HOME/logs/images-build.log" 2>&1 \
  || { tail -n 40 "$SUITE_HOME/logs/images-build.log" >&2; die "the image build failed (log: $SUITE_HOME/logs/images-build.log)"; }

built=0
for module in "${MODULES[@]}"; do
  image="llmsuite/$module:$tag"
  if podman image exists "$image"; then
    built=$((built + 1))
    size="$(podman image inspect --format '{{.Size}}' "$image")"
    say "$(printf '  %-34s %4d MB' "$image" $((size / 1000000)))"
  else
    say "  $image: missing"
  fi
done
say "Built $built images in $((SECONDS - started)) s."
if ! $run; then
  echo "RESULT images built=$built"
  exit 0
fi

# --run: Kafka and PostgreSQL on the host (the project's embedded-infra), each image on the host network.
containers=()
infra_pid=""
cleanup() {
  local name
  for name in "${containers[@]}"; do podman rm -f -t 10 "$name" >/dev/null 2>&1 || true; done
  if [[ -n "$infra_pid" ]]; then kill -TERM "$infra_pid" 2>/dev/null || true; wait "$infra_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

infra_jar="$(ls "$ROOT"/libs/embedded-infra/target/embedded-infra-*.jar 2>/dev/null | head -n 1)"
[[ -n "$infra_jar" && -f "$ROOT/libs/embedded-infra/target/launcher-classpath.txt" ]] || die "libs/embedded-infra is not built"
rm -rf "$SUITE_HOME/images/infra-data"
"$JAVA_HOME/bin/java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$infra_jar:$(cat "$ROOT/libs/embedded-infra/target/launcher-classpath.txt")" \
  dev.llmsuite.infra.InfraMain "$SUITE_HOME/images/infra-data" "$KAFKA_PORT" "$POSTGRES_PORT" > "$SUITE_HOME/logs/images-infra.log" 2>&1 &
infra_pid=$!
deadline=$((SECONDS + 120))
until grep -qs "INFRA READY" "$SUITE_HOME/logs/images-infra.log"; do
  kill -0 "$infra_pid" 2>/dev/null || die "Kafka/PostgreSQL did not start (see $SUITE_HOME/logs/images-infra.log)"
  (( SECONDS < deadline )) || die "Kafka/PostgreSQL not up after 120 s"
  sleep 1
done

# A throwaway key for this run only.
key_hash="$(printf 'sk-images-check' | sha256sum | cut -d' ' -f1)"
common_env=(
  -e "LLMSUITE_AUTH_KEYS=images-check:$key_hash"
  -e "LLMSUITE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT" -e "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  -e "LLMSUITE_USAGE_OUTBOX_DIR=/tmp/outbox"
  -e "DJL_CACHE_DIR=/tmp/djl.ai"
)
port_of() {
  case "$1" in
    gateway) echo "$PORT_BASE" ;; tokenizer-service) echo $((PORT_BASE + 1)) ;; embedding-service) echo $((PORT_BASE + 2)) ;;
    generation-service) echo $((PORT_BASE + 3)) ;; pricing-service) echo $((PORT_BASE + 4)) ;;
  esac
}
for module in "${MODULES[@]}"; do
  port="$(port_of "$module")"
  extra=(-e "QUARKUS_HTTP_PORT=$port")
  case "$module" in
    gateway)
      extra+=(-e "LLMSUITE_TOKENIZER_URL=http://127.0.0.1:$(port_of tokenizer-service)"
              -e "LLMSUITE_EMBEDDING_URL=http://127.0.0.1:$(port_of embedding-service)"
              -e "LLMSUITE_GENERATION_URL=http://127.0.0.1:$(port_of generation-service)"
              -e "LLMSUITE_PRICING_URL=http://127.0.0.1:$(port_of pricing-service)") ;;
    generation-service)
      [[ -f "$SHARED/models/stories260K.gguf" ]] || die "no $SHARED/models/stories260K.gguf for the generation image to serve"
      extra+=(-v "$SHARED/models/stories260K.gguf:/models/stories260K.gguf:ro,Z" -e LLMSUITE_MODEL_DIR=/models) ;;
    pricing-service)
      extra+=(-e "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres"
              -e QUARKUS_DATASOURCE_USERNAME=postgres -e QUARKUS_DATASOURCE_PASSWORD=
              -e "LLMSUITE_TOKENIZER_URL=http://127.0.0.1:$(port_of tokenizer-service)") ;;
  esac
  name="llmsuite-images-$module"
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman run -d --name "$name" "${RUN_FLAGS[@]}" "${common_env[@]}" "${extra[@]}" "llmsuite/$module:$tag" >/dev/null
  containers+=("$name")
done

ready=0
run_started=$SECONDS
for module in "${MODULES[@]}"; do
  port="$(port_of "$module")"
  name="llmsuite-images-$module"
  deadline=$((SECONDS + 240))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
    if [[ "$(podman inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != "true" ]] || (( SECONDS > deadline )); then
      say "  $module: not ready; its last log lines:"
      podman logs --tail 20 "$name" >&2 || true
      break
    fi
    sleep 1
  done
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
    ready=$((ready + 1))
    say "$(printf '  %-20s ready on 127.0.0.1:%s after %3d s' "$module" "$port" $((SECONDS - run_started)))"
  fi
done
if (( ready == ${#MODULES[@]} )); then
  models="$(curl -fsS -H 'Authorization: Bearer sk-images-check' "http://127.0.0.1:$PORT_BASE/v1/models" || true)"
  say "  /v1/models through the gateway image: $models"
fi
echo "RESULT images built=$built ready=$ready"
