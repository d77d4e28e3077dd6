#!/usr/bin/env bash
# ./suite bench kernels: the K-quant and Q8_0 kernels alone, against llama.cpp's own dot products
# for the same type (ggml_vec_dot_*, one call per row and position) on the same bytes, one thread:
# ns per 256-value block of the matrix-vector product with the ratio (above 1: ours is faster), and
# ns per block and position of the batched product. See KQuantKernelBenchmark.
# llama.cpp's dot products come from one of its CPU variants: LLMSUITE_LLAMA_CPP_CPU names it, or
# this script picks the one matching the CPU's flags as ggml would (sapphirerapids with AMX, zen4
# on AMD with AVX-512, icelake with AVX-512 VNNI, skylakex with AVX-512, else haswell).
# Options in BENCH_OPTS, e.g.
#   BENCH_OPTS="-Dbench.types=Q4_K,Q6_K,Q8_0 -Dbench.batch=16 -Dbench.rows=2048 -Dbench.columns=2048"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LLMSUITE_LLAMA_CPP_DIR="$(scripts/fetch-llama-cpp.sh)"
export LLMSUITE_LLAMA_CPP_DIR
if [ -z "${LLMSUITE_LLAMA_CPP_CPU:-}" ]; then
  flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
  has() { [[ " $flags " == *" $1 "* ]]; }
  if has amx_int8; then LLMSUITE_LLAMA_CPP_CPU=sapphirerapids
  elif has avx512f && grep -qm1 AuthenticAMD /proc/cpuinfo; then LLMSUITE_LLAMA_CPP_CPU=zen4
  elif has avx512_vnni; then LLMSUITE_LLAMA_CPP_CPU=icelake
  elif has avx512f; then LLMSUITE_LLAMA_CPP_CPU=skylakex
  else LLMSUITE_LLAMA_CPP_CPU=haswell
  fi
fi
export LLMSUITE_LLAMA_CPP_CPU
echo "llama.cpp CPU variant for the dot products: $LLMSUITE_LLAMA_CPP_CPU (LLMSUITE_LLAMA_CPP_CPU)"
mvn -B -ntp -q -pl libs/transformer -am install -DskipTests
exec mvn -B -ntp -q -pl libs/transformer exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  "-Dexec.args=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx3g -Dllmsuite.engine.threads=1 ${BENCH_OPTS:-} -cp %classpath dev.llmsuite.transformer.bench.KQuantKernelBenchmark"
