#!/usr/bin/env bash
# ./suite bench outbox: what the usage outbox's fsync policy costs per request (append latency, group commit
# vs. a background fsync); last line: RESULT outbox group_commit_p50_us=.. group_commit_p99_us=.. interval_p50_us=.. interval_p99_us=..
# Arguments (optional): <dir> <appends-per-run>, default libs/usage-events/target/outbox-bench 2000.
# The folder should be on the disk the outbox will use.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl libs/usage-events -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
module=libs/usage-events
exec "$JAVA_HOME/bin/java" -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")" \
  dev.llmsuite.usage.outbox.bench.OutboxBenchmark "${1:-$module/target/outbox-bench}" "${2:-2000}"
