#!/usr/bin/env bash
# Window start-up time: milliseconds from JVM start to the window's first frame, measured by the
# window itself (-Dlabconsole.startupProbe=true logs it, then exits), under a virtual X server.
# Each run starts the window twice, as ./labconsole does: without and with the class-data sharing
# archive (AppCDS) the launcher makes; the order alternates from run to run so both see the same
# machine. Prints every run, both medians and the ratio with/without.
# Usage: benchmarks/startup.sh [runs]   (default 5; needs xvfb-run: sudo apt-get install xvfb libgtk-3-0)
# Uses ./labconsole's build (app/target/app-*.jar + app/target/lib), or, with CLASSPATH_FILE=<file
# holding a class path>, app/target/classes plus that class path (then without CDS, which needs jars).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

if ! command -v xvfb-run >/dev/null; then
  echo "startup.sh: xvfb-run is missing (sudo apt-get install xvfb)" >&2
  exit 2
fi
archive=""
if [ -n "${CLASSPATH_FILE:-}" ]; then
  cp="app/target/classes:$(cat "$CLASSPATH_FILE")"
else
  ./labconsole --version >/dev/null   # builds when needed
  archive="$(./labconsole --cds-archive)" || archive=""
  version="$(sed -n 's/^version=//p' app/target/classes/labconsole-version.properties)"
  cp="app/target/app-$version.jar:app/target/lib/*"
fi
if [ -z "$archive" ]; then
  echo "startup.sh: no class-data sharing archive: measuring without it only" >&2
fi

# A throw-away preferences store: the probe must not see (or change) a real window size or page.
prefs="$(mktemp -d)"
trap 'rm -rf "$prefs"' EXIT

# Prints the probe's milliseconds for one start with the given extra JVM options.
start_once() {
  local output line
  output="$(timeout 120 xvfb-run -a java "$@" -Djava.util.prefs.userRoot="$prefs" -Dai.djl.offline=true \
      -Dlabconsole.startupProbe=true -cp "$cp" dev.labconsole.Launcher 2>&1 || true)"
  line="$(printf '%s\n' "$output" | sed -n 's/.*startup probe: first frame \([0-9]*\) ms.*/\1/p' | head -n 1)"
  if [ -z "$line" ]; then
    echo "startup.sh: a start printed no probe line; its output ends with:" >&2
    printf '%s\n' "$output" | tail -n 20 >&2
    exit 1
  fi
  echo "$line"
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

plain=()
shared=()
for i in $(seq 1 "$runs"); do
  if [ -z "$archive" ]; then
    plain+=("$(start_once)")
    echo "run $i: ${plain[-1]} ms"
    continue
  fi
  # The same options as the launcher's window start (-Xlog:cds*=off keeps a refused archive silent).
  if [ $((i % 2)) -eq 1 ]; then
    plain+=("$(start_once)")
    shared+=("$(start_once -XX:SharedArchiveFile="$archive" '-Xlog:cds*=off')")
  else
    shared+=("$(start_once -XX:SharedArchiveFile="$archive" '-Xlog:cds*=off')")
    plain+=("$(start_once)")
  fi
  echo "run $i: ${plain[-1]} ms without CDS, ${shared[-1]} ms with"
done
without="$(median "${plain[@]}")"
if [ -z "$archive" ]; then
  echo "median of $runs: $without ms from JVM start to the first frame"
  exit 0
fi
with="$(median "${shared[@]}")"
echo "median of $runs: $without ms without CDS, $with ms with (ratio with/without $(awk -v a="$with" -v b="$without" \
  'BEGIN {printf "%.2f", a / b}')), from JVM start to the first frame"
