#!/usr/bin/env bash
# Window start-up time: milliseconds from JVM start to the window's first frame, measured by the
# window itself (-Dlabconsole.startupProbe=true logs it, then exits), under a virtual X server.
# Usage: benchmarks/startup.sh [runs]   (default 5; needs xvfb-run: sudo apt-get install xvfb libgtk-3-0)
# Prints each run and the median. Uses ./labconsole's build (app/target/app-*.jar + app/target/lib),
# or, with CLASSPATH_FILE=<file holding a class path>, app/target/classes plus that class path.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

if ! command -v xvfb-run >/dev/null; then
  echo "startup.sh: xvfb-run is missing (sudo apt-get install xvfb)" >&2
  exit 2
fi
if [ -n "${CLASSPATH_FILE:-}" ]; then
  cp="app/target/classes:$(cat "$CLASSPATH_FILE")"
else
  ./labconsole --version >/dev/null   # builds when needed
  version="$(sed -n 's/^version=//p' app/target/classes/labconsole-version.properties)"
  cp="app/target/app-$version.jar:app/target/lib/*"
fi

# A throw-away preferences store: the probe must not see (or change) a real window size or page.
prefs="$(mktemp -d)"
trap 'rm -rf "$prefs"' EXIT

times=()
for i in $(seq 1 "$runs"); do
  output="$(timeout 120 xvfb-run -a java -Djava.util.prefs.userRoot="$prefs" -Dai.djl.offline=true \
      -Dlabconsole.startupProbe=true -cp "$cp" dev.labconsole.Launcher 2>&1 || true)"
  line="$(printf '%s\n' "$output" | sed -n 's/.*startup probe: first frame \([0-9]*\) ms.*/\1/p' | head -n 1)"
  if [ -z "$line" ]; then
    echo "startup.sh: run $i printed no probe line; its output ends with:" >&2
    printf '%s\n' "$output" | tail -n 20 >&2
    exit 1
  fi
  echo "run $i: $line ms"
  times+=("$line")
done
median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
echo "median of $runs: $median ms from JVM start to the first frame"
