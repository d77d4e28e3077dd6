#!/usr/bin/env bash
# ./suite bench generation: our engine against a current llama.cpp (the prebuilt CPU libraries of
# npm @node-llama-cpp/linux-x64 3.22.1, fetched by scripts/fetch-llama-cpp.sh, called through
# libs/llama-cpp) on the same synthetic Llama-shaped GGUF files (110M and a 1B-class shape with the
# Llama 2 vocabulary; F32, Q8_0, and Q4_K/Q6_K where the engine has them), the same 66-token prompt,
# 2 threads each, greedy; llama.cpp with and without weight repacking. Prefill and decode tokens/s,
# ratios, decode ms/token at context 1024 and 4096, and the memory-bandwidth roofline.
# Last line: RESULT generation decode_vs_llamacpp_f32=.. decode_vs_llamacpp_q8=.. prefill_vs_llamacpp=..
#            decode_vs_llamacpp_q4k=.. prefill_vs_llamacpp_q8=.. roofline_pct=..
# Options as system properties in BENCH_OPTS, e.g. a quick run:
#   BENCH_OPTS="-Dbench.shapes=110M -Dbench.types=Q8_0 -Dbench.rounds=1 -Dbench.contexts=1024"
# Model files are cached in ~/.cache/llmsuite/bench-models (-Dbench.dir=...); the 1B shape takes 4.4 GB in F32.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${LLMSUITE_SHARED_DIR:-$PWD/../shared}"
LLMSUITE_LLAMA_CPP_DIR="$(scripts/fetch-llama-cpp.sh)"
export LLMSUITE_LLAMA_CPP_DIR
mvn -B -ntp -q -pl libs/transformer -am install -DskipTests
exec mvn -B -ntp -q -pl libs/transformer exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  "-Dexec.args=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx3g -Dllmsuite.shared.dir=$shared -Dllmsuite.engine.threads=2 ${BENCH_OPTS:-} -cp %classpath dev.llmsuite.transformer.bench.GenerationBenchmark"
