#!/usr/bin/env bash
# ./suite bench generation: synthetic Llama-shaped GGUF models (15M and 110M parameters, F32 and Q8_0,
# Llama 2 vocabulary) run by llama.cpp (de.kherud:llama) and by our engine on the same file, prompt and
# thread count; prefill and decode tokens/s, their ratios, decode ms/token by context.
# Last line: RESULT generation decode_vs_llamacpp_f32=.. decode_vs_llamacpp_q8=.. prefill_vs_llamacpp=..
# Options as system properties in BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.shapes=15M -Dbench.rounds=1".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${LLMSUITE_SHARED_DIR:-$PWD/../shared}"
LLMSUITE_LLAMA_CPP_DIR="$(scripts/fetch-llama-cpp.sh)"
export LLMSUITE_LLAMA_CPP_DIR
mvn -B -ntp -q -pl libs/transformer -am install -DskipTests
exec mvn -B -ntp -q -pl libs/transformer exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  "-Dexec.args=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx3g -Dllmsuite.shared.dir=$shared ${BENCH_OPTS:-} -cp %classpath dev.llmsuite.transformer.bench.GenerationBenchmark"
