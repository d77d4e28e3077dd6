#!/usr/bin/env bash
# ./suite bench embedding: the first 2,000 lines of en.txt through langchain4j's AllMiniLmL6V2EmbeddingModel,
# through our embedder in-process (dynamic batches), and through the running service over HTTP with 16
# concurrent clients (one sentence per request); same fp32 model, same run.
# Last line: RESULT embedding speedup_vs_langchain4j=.. http_efficiency=.. min_cosine=..
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl embedding-service -am install -DskipTests
exec mvn -B -ntp -q -pl embedding-service exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.llmsuite.embedding.bench.EmbeddingBenchmark "$@"
