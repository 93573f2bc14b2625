#!/usr/bin/env bash
# The model server against slow clients, the current server beside the one before the move to Jetty
# (the JDK's built-in server), both built from this checkout's history and run the same way
# (ServerMain, the container's entrypoint, on loopback) in the same run:
#   1. throughput under wrk (2 threads, 16 connections): GET /health and POST /predict;
#   2. GET /health latency while N slow connections are held, N = 0 (the baseline), 4, 50, 200
#      (benchmarks/python/slow_clients.py; a slow client the server cuts off reconnects at once).
# Usage: benchmarks/slow-clients.sh [checks per N]   (needs python3 and wrk; BASELINE=<git rev> to compare
# with another commit, BASELINE=none to measure the current server only)
set -euo pipefail
cd "$(dirname "$0")/.."
checks="${1:-1000}"
out="benchmarks/results/slow-clients"
mkdir -p "$out"
rm -f "$out"/*.jsonl "$out"/wrk-*.txt

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
fi

# Builds the inference runtime of checkout $1 into its target/ and prints its class path (no install:
# ~/.m2 is shared).
build() {
  (cd "$1" && ./mvnw -B -q -o -pl inference-runtime -am package -DskipTests >/dev/null \
    && ./mvnw -B -q -o -pl inference-runtime dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null)
  echo "$1/inference-runtime/target/inference-runtime-0.1.0.jar:$(cat "$1/inference-runtime/target/cp.txt")"
}

echo "== building the current server"
current_cp="$(build "$PWD")"
servers=("current")
declare -A classpath=([current]="$current_cp")
server_logging=inference-runtime/src/main/resources/dev/labconsole/runtime/server/logback-server.xml
declare -A logging=([current]="$PWD/$server_logging")

baseline="${BASELINE:-}"
if [ -z "$baseline" ]; then
  # The commit before the one that moved the server to Jetty (it added JsonErrors).
  moved="$(git log --format=%H --diff-filter=A -- inference-runtime/src/main/java/dev/labconsole/runtime/server/JsonErrors.java | tail -n 1)"
  baseline="${moved:+$moved^}"
fi
if [ -n "$baseline" ] && [ "$baseline" != "none" ]; then
  echo "== building the baseline server ($(git rev-parse --short "$baseline"), the JDK's HttpServer)"
  src="benchmarks/.baseline/$(git rev-parse --short "$baseline")"
  if [ ! -f "$src/inference-runtime/target/cp.txt" ]; then
    rm -rf "$src" && mkdir -p "$src"
    git archive "$baseline" | tar -x -C "$src"
  fi
  classpath[baseline]="$(build "$src")"
  logging[baseline]="$PWD/$src/$server_logging"
  servers=("baseline" "current")
fi

port=18100
server=""
stop_server() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi
}
trap stop_server EXIT

cat > "$out/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "a gripping, beautifully acted film that never lets go"}'
LUA

for name in "${servers[@]}"; do
  port=$((port + 1))
  echo "== $name server on port $port"
  # Logging as in the container (INFO, one line per event); without a configuration logback logs
  # everything at DEBUG, which Jetty fills with a few lines per request.
  PORT="$port" java -Dai.djl.offline=true -Dlogback.configurationFile="${logging[$name]}" \
    -cp "${classpath[$name]}" dev.labconsole.runtime.server.ServerMain \
    > "$out/$name-server.log" 2>&1 &
  server=$!
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "the $name server did not start; see $out/$name-server.log" >&2; exit 1; }
  wrk -t2 -c16 -d10s --latency "http://127.0.0.1:$port/health" > "$out/wrk-$name-health.txt"
  wrk -t2 -c16 -d10s --latency -s "$out/predict.lua" "http://127.0.0.1:$port/predict" > "$out/wrk-$name-predict.txt"
  grep -h "Requests/sec" "$out/wrk-$name-health.txt" "$out/wrk-$name-predict.txt"
  python3 benchmarks/python/slow_clients.py --port "$port" --checks "$checks" --label "$name" | tee -a "$out/slow-clients.jsonl"
  stop_server
done

echo "== summary"
python3 benchmarks/python/slow_clients_summary.py "$out"
