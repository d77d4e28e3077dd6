#!/usr/bin/env bash
# ./suite bench serving: continuous batching on the 110M Llama shape (F32 and Q8_0): aggregate decode tokens/s
# at 1-16 concurrent streams against llama.cpp decoding as many sequences at once, latency with mixed prompts,
# a 1,500-token prompt admitted among running streams, a shared 1,000-token prefix; then over HTTP through the
# packaged generation-service, and 300 concurrent chat completions through the gateway.
# Last line: RESULT serving streams8_vs_1=.. streams16_vs_1=.. prefix_ttft_speedup=.. vs_llamacpp_8=..
# Options as system properties in BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.types=Q8_0 -Dbench.http=false".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${LLMSUITE_SHARED_DIR:-$PWD/../shared}"
LLMSUITE_LLAMA_CPP_DIR="$(scripts/fetch-llama-cpp.sh)"
export LLMSUITE_LLAMA_CPP_DIR
mvn -B -ntp -q -pl generation-service,gateway -am install -DskipTests
exec mvn -B -ntp -q -pl generation-service exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  -Dexec.workingdir="$PWD" \
  "-Dexec.args=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g -Dllmsuite.shared.dir=$shared ${BENCH_OPTS:-} -cp %classpath dev.llmsuite.generation.bench.ServingBenchmark"
