#!/usr/bin/env bash
# ./suite bench attention: attention alone, one decoding step over every layer of the 110M shape,
# with the KV-cache in float32 and in half floats, for one stream and for sixteen (their blocks in
# one run per sequence, and taken in turn as sequences decoding side by side take them); 2 threads.
# Prints ms per step, the F16/F32 time ratio, ns per cached position and head and GB/s of keys and
# values read. A case "1x1000+100" is a prompt chunk instead: 100 new rows over 1,000 cached positions.
# See AttentionBenchmark. Options in BENCH_OPTS, e.g.
#   BENCH_OPTS="-Dbench.cases=1x4096 -Dbench.rounds=40"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl libs/transformer -am install -DskipTests
exec mvn -B -ntp -q -pl libs/transformer exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  "-Dexec.args=--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g -Dllmsuite.engine.threads=2 ${BENCH_OPTS:-} -cp %classpath dev.llmsuite.transformer.bench.AttentionBenchmark"
