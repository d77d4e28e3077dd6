#!/usr/bin/env bash
# ./suite bench pricing: a burst of usage events (plus deliberate redeliveries) through a real Kafka
# broker into the ledger in a real PostgreSQL; last line: RESULT pricing events_per_s=.. lost=.. duplicated=..
# Arguments (optional): <events> <redelivered-percent>, default 200000 5.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl pricing-service -am install -DskipTests
exec mvn -B -ntp -q -pl pricing-service exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.llmsuite.pricing.bench.PricingBenchmark -Dexec.args="${*:-200000 5}"
