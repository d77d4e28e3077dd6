#!/usr/bin/env bash
# ./suite bench tokenizer: our tiktoken encoder against jtokkit (one thread, same JVM, same run) on
# every corpus file (line by line and whole) and adversarial inputs, in cl100k_base and o200k_base.
# Prints a table, a linear-time check of the adversarial inputs (LINEAR tokenizer
# max_growth_for_8x_input=<x>) and BPE training's time; last line: RESULT tokenizer
# min_speedup_vs_jtokkit=<x> mismatches=<n>. Takes about four minutes on an idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -ntp -q -pl libs/tokenizer -am install -DskipTests
exec mvn -B -ntp -q -pl libs/tokenizer exec:java
