#!/usr/bin/env bash
# FX-thread stalls of the real window under a virtual X server: idle (the baseline), a full lab apply
# in practice mode against a moto server the benchmark starts, and a flood of the Logs page at 5,000 and
# 20,000 lines/s (cap hit, filter typed). Each run is a fresh JVM; the summary gives per-run figures,
# their medians and the ratios to the idle baseline of the same run. Goal from the issue: no stall over 100 ms.
# Usage: benchmarks/fx-stall.sh [runs] [--flood-seconds 10 ...]   (default 3 runs; needs xvfb-run and python3;
#        moto comes from .venv-test as in the tests, or MOTO_SERVER=/path/to/moto_server; MAVEN_OFFLINE=1
#        builds with -o). FX_STALL_JAVA_OPTS adds JVM options
#        (e.g. -XX:StartFlightRecording=filename=benchmarks/results/fx-stall.jfr for a profile).
# Writes benchmarks/results/fx-stall.txt (tables), fx-stall.jsonl (figures), fx-stall-stacks.txt (the FX
# thread's stacks sampled while it was stalled over 50 ms, with each stall's JVM uptime) and
# fx-stall-gc-run<N>.log (garbage-collection pauses on the same clock).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
out="benchmarks/results"
mkdir -p "$out"

if ! command -v xvfb-run >/dev/null; then
  echo "fx-stall.sh: xvfb-run is missing (sudo apt-get install xvfb)" >&2
  exit 2
fi

classpath_file="app/target/fx-stall.classpath"
# The benchmark is test code (it uses the tests' moto server). With -am both modules come from this
# checkout's target/ folders, not from whatever another checkout last installed into ~/.m2.
./mvnw -B -q ${MAVEN_OFFLINE:+-o} -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$(pwd)/$classpath_file"
classpath="app/target/test-classes:app/target/classes:$(cat "$classpath_file")"

: > "$out/fx-stall.txt"
: > "$out/fx-stall.jsonl"
: > "$out/fx-stall-stacks.txt"
rm -f "$out"/fx-stall-gc-run*.log
for run in $(seq 1 "$runs"); do
  echo "== run $run of $runs"
  # A 1280x720 screen: the window's minimum size, as on a small laptop.
  # The app's test logging setup named outright: the runtime's test classes carry a second one.
  # The GC log (uptime stamps) lines up with the stall times in fx-stall-stacks.txt.
  xvfb-run -a -s "-screen 0 1280x720x24" java ${FX_STALL_JAVA_OPTS:-} -Dai.djl.offline=true \
      -Xlog:gc:file="$out/fx-stall-gc-run$run.log":uptime:filecount=0 \
      -Dlogback.configurationFile=app/target/test-classes/logback-test.xml \
      -cp "$classpath" dev.labconsole.ui.bench.FxStallBenchmark --label "run $run of $runs" \
      --json "$out/fx-stall.jsonl" --stacks "$out/fx-stall-stacks.txt" "${@:2}" \
    | tee -a "$out/fx-stall.txt"
  echo >> "$out/fx-stall.txt"
done
python3 benchmarks/fx_stall_summary.py "$out/fx-stall.jsonl" | tee -a "$out/fx-stall.txt"
