#!/usr/bin/env bash
# ./suite pull <repo>/<file.gguf>: download a GGUF model from the Hugging Face Hub into the model
# folder the generation-service scans (LLMSUITE_MODEL_DIR, default ~/.cache/llmsuite/models);
# resumable, SHA-256 verified, with a progress bar. HF_TOKEN for gated repos, HF_ENDPOINT for a mirror.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classes="$ROOT/generation-service/target/classes"
if [[ ! -d "$classes/dev/llmsuite/generation/download" ]]; then
  (cd "$ROOT" && mvn -B -ntp -q -pl generation-service -am compile)
fi
exec "$JAVA_HOME/bin/java" -cp "$classes" dev.llmsuite.generation.download.PullCommand "$@"
