#!/usr/bin/env bash
# ./suite compose-smoke: runs docker-compose.yml with podman-compose (or docker-compose against podman), then,
# through the gateway, the only published port: a chat completion, and the row it leaves in the pricing ledger
# (generation-service -> Kafka -> pricing-service -> PostgreSQL -> GET /v1/usage). Prints
# `RESULT compose chat=<ok|failed> ledger=<ok|failed>` and takes everything down again (volumes included).
#
# Uses the images of `./suite images` (built first when missing). Where docker.io cannot be reached, Kafka and
# PostgreSQL come from stand-ins built from the project's embedded-infra (deploy/images/stand-in-infra.sh).
# Environment: SUITE_SMOKE_PORT (default 18480), LLMSUITE_SHARED_DIR (the model folder: stories260K.gguf).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE_HOME="${SUITE_HOME:-$ROOT/.suite}"
SHARED="${LLMSUITE_SHARED_DIR:-$ROOT/../shared}"
PORT="${SUITE_SMOKE_PORT:-18480}"
PROJECT=llmsuite-smoke
say() { printf '%s\n' "$*" >&2; }
die() { say "compose-smoke: $*"; exit 1; }

if command -v podman-compose >/dev/null; then compose=(podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml")
elif command -v docker-compose >/dev/null; then compose=(docker-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml")
else die "podman-compose or docker-compose is needed"; fi
[[ -f "$SHARED/models/stories260K.gguf" ]] || die "no $SHARED/models/stories260K.gguf to serve"

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n 1)"
base="$(sed -n 's:.*<quarkus.jib.base-jvm-image>\(.*\)</quarkus.jib.base-jvm-image>.*:\1:p' "$ROOT/pom.xml")"
for module in gateway tokenizer-service embedding-service generation-service pricing-service; do
  podman image exists "llmsuite/$module:$version" || { "$ROOT/scripts/images.sh"; break; }
done

if [[ -z "${LLMSUITE_KAFKA_IMAGE:-}" ]]; then
  for official in docker.io/apache/kafka:4.1.1 docker.io/library/postgres:16; do
    podman image exists "$official" || timeout 60 podman pull -q "$official" >/dev/null 2>&1 || { official=""; break; }
  done
  if [[ -z "$official" ]]; then
    say "docker.io cannot be reached: Kafka and PostgreSQL from the embedded-infra stand-ins"
    export LLMSUITE_KAFKA_IMAGE=localhost/llmsuite-stand-in/kafka:embedded-infra
    export LLMSUITE_POSTGRES_IMAGE=localhost/llmsuite-stand-in/postgres:embedded-infra
    mkdir -p "$SUITE_HOME/images"
    "$ROOT/deploy/images/stand-in-infra.sh" "$base" "$LLMSUITE_KAFKA_IMAGE" "$LLMSUITE_POSTGRES_IMAGE" "$SUITE_HOME/images"
  fi
fi

# A key for this run; `./suite key` also writes the compose env files.
key="$("$ROOT/suite" key compose-smoke 2>&1 | sed -n 's/.*(shown once): //p')"
[[ -n "$key" ]] || die "could not create an API key"

# Debian's podman inside a container: runc, and only limits the sandbox allows.
if command -v runc >/dev/null && [[ -z "${CONTAINERS_CONF:-}" ]]; then
  mkdir -p "$SUITE_HOME/compose-smoke"
  cat > "$SUITE_HOME/compose-smoke/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=8192:8192"]
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$SUITE_HOME/compose-smoke/containers.conf"
fi

export LLMSUITE_VERSION="$version" LLMSUITE_MODELS_DIR="$SHARED/models" LLMSUITE_PORT="$PORT"
cleanup() { "${compose[@]}" down -v >"$SUITE_HOME/logs/compose-smoke-down.log" 2>&1 || true; }
trap cleanup EXIT
mkdir -p "$SUITE_HOME/logs"
started=$SECONDS
"${compose[@]}" up -d > "$SUITE_HOME/logs/compose-smoke-up.log" 2>&1 || { tail -n 30 "$SUITE_HOME/logs/compose-smoke-up.log" >&2; die "compose up failed"; }
gateway="http://127.0.0.1:$PORT"
deadline=$((SECONDS + 420))
until curl -fsS -o /dev/null "$gateway/q/health/ready" 2>/dev/null; do
  if (( SECONDS > deadline )); then
    "${compose[@]}" ps >&2 || true
    curl -sS "$gateway/q/health/ready" >&2 || true
    die "the gateway is not ready after 420 s"
  fi
  sleep 2
done
# The gateway is ready before its upstreams: wait until it lists the model from generation-service.
until curl -fsS -H "Authorization: Bearer $key" "$gateway/v1/models" 2>/dev/null | grep -q stories260K; do
  (( SECONDS < deadline )) || { "${compose[@]}" ps >&2 || true; die "stories260K is not listed by the gateway after 420 s"; }
  sleep 2
done
say "All services ready behind the gateway in $((SECONDS - started)) s ($gateway)"

chat="$(curl -sS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$gateway/v1/chat/completions" \
  -d '{"model":"stories260K","messages":[{"role":"user","content":"Once upon a time"}],"max_tokens":24,"temperature":0}' || true)"
say "POST /v1/chat/completions -> $chat"
chat_ok=failed
[[ "$chat" == *'"chat.completion"'* ]] && chat_ok=ok

ledger_ok=failed
deadline=$((SECONDS + 120))
while (( SECONDS < deadline )); do
  usage="$(curl -sS -H "Authorization: Bearer $key" "$gateway/v1/usage?group_by=model" || true)"
  if [[ "$usage" == *stories260K* ]]; then ledger_ok=ok; break; fi
  sleep 2
done
say "GET /v1/usage?group_by=model -> ${usage:-}"
echo "RESULT compose chat=$chat_ok ledger=$ledger_ok"
[[ "$chat_ok" == ok && "$ledger_ok" == ok ]]
