#!/usr/bin/env bash
# The lab's reliability through the AWS-like proxy in front of moto (issue 14): seeded apply + destroy
# runs with injected faults (throttling, 5xx, replies lost after AWS acted, NotFound right after a
# create), an expired session mid-run, and kill -9 of a real CLI process at random moments of apply and
# of destroy. AWS's waits run on a small time scale.
# Usage: benchmarks/reliability.sh [--seeds 20] [--kills 10] [--scale 0.005] [--faults 0.1]
#        (moto comes from .venv-test as in the tests, or MOTO_SERVER=/path/to/moto_server; MAVEN_OFFLINE=1
#        builds with -o). Writes benchmarks/results/reliability.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out="benchmarks/results"
mkdir -p "$out"
classpath_file="app/target/reliability.classpath"
# Test code (it uses the tests' moto server); -am takes both modules from this checkout's target/ folders.
./mvnw -B -q ${MAVEN_OFFLINE:+-o} -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$(pwd)/$classpath_file"
classpath="app/target/test-classes:app/target/classes:$(cat "$classpath_file")"
java -Dai.djl.offline=true -Dlogback.configurationFile=app/target/test-classes/logback-test.xml \
  -cp "$classpath" dev.labconsole.lab.ReliabilityBenchmark "$@" | tee "$out/reliability.txt"
