#!/usr/bin/env bash
# Status latency benchmark (docs/MQTT.md): a status from the ring to a subscriber's callback
# through a local mosquitto, against a bare Paho client publishing the same payload.
# Prints p50/p99/p99.9 of both, the ratios and the machine (cpu, cores, Java, nice, load).
#   controller/status-latency-bench.sh [SAMPLES]      (default 20000; 5000 for a quick look)
# Needs /usr/sbin/mosquitto. Builds the controller's test classes first (offline if it can).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
samples="${1:-20000}"
cp_file="controller/target/status-bench.classpath"
./mvnw -q -o -pl controller -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >/dev/null 2>&1 \
  || ./mvnw -q -pl controller -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test
exec java -cp "controller/target/test-classes:controller/target/classes:$(cat "$cp_file")" \
  cryo.controller.mqtt.StatusLatencyBenchmark "$samples"
