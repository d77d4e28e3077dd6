#!/usr/bin/env bash
# ./suite chaos: the fault-injection run at full size (module deploy/chaos, dev.llmsuite.chaos.ChaosMain): Kafka,
# PostgreSQL, the services and the gateway as real processes, SIGKILLed under load; the ledger audited at the
# end. Last line: RESULT chaos served=<n> billed=<n> lost=0 duplicated=0 kills=<n>
# Arguments (optional): <kills-per-target> <seed>, default 4 and a random seed (printed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl deploy/chaos -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/chaos-classpath.txt
exec "$JAVA_HOME/bin/java" -cp "deploy/chaos/target/classes:$(cat deploy/chaos/target/chaos-classpath.txt)" \
  -Dllmsuite.shared.dir="${LLMSUITE_SHARED_DIR:-$PWD/../shared}" dev.llmsuite.chaos.ChaosMain "$@"
