#!/usr/bin/env bash
# The model server against slow clients, the current server beside the one before the move to Jetty
# (the JDK's built-in server), both built from this checkout's history and run the same way
# (ServerMain, the container's entrypoint, with its logging, on loopback) in the same run:
#   1. throughput under wrk (2 threads, 16 connections): GET /health and POST /predict, the two servers
#      in alternating rounds (medians), so both see the same machine load;
#   2. GET /health latency while N slow connections are held, N = 0 (the baseline), 4, 50, 200
#      (benchmarks/python/slow_clients.py; a slow client the server cuts off reconnects at once), and
#      while 64 connections flood POST /predict.
# Usage: benchmarks/slow-clients.sh [checks per N] [throughput rounds]   (needs python3 and wrk;
# BASELINE=<git rev> compares with another commit, BASELINE=none measures the current server only)
set -euo pipefail
cd "$(dirname "$0")/.."
checks="${1:-1000}"
rounds="${2:-3}"
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

server_logging=inference-runtime/src/main/resources/dev/labconsole/runtime/server/logback-server.xml
declare -A classpath logging ports pids
echo "== building the current server"
classpath[current]="$(build "$PWD")"
logging[current]="$PWD/$server_logging"
servers=("current")

baseline="${BASELINE:-}"
if [ -z "$baseline" ]; then
  # The commit before the one that moved the server to Jetty (it added JsonErrors).
  moved="$(git log --format=%H --diff-filter=A -- inference-runtime/src/main/java/dev/labconsole/runtime/server/JsonErrors.java | tail -n 1)"
  baseline="${moved:+$moved^}"
fi
if [ -n "$baseline" ] && [ "$baseline" != "none" ]; then
  short="$(git rev-parse --short "$baseline")"
  echo "== building the baseline server ($short, the JDK's HttpServer)"
  src="benchmarks/.baseline/$short"
  if [ ! -f "$src/inference-runtime/target/cp.txt" ]; then
    rm -rf "$src" && mkdir -p "$src"
    git archive "$baseline" | tar -x -C "$src"
  fi
  classpath[baseline]="$(build "$src")"
  logging[baseline]="$PWD/$src/$server_logging"
  servers=("baseline" "current")
fi

cat > "$out/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "a gripping, beautifully acted film that never lets go"}'
LUA

stop_servers() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT
port=18100
for name in "${servers[@]}"; do
  port=$((port + 1))
  ports[$name]=$port
  # Logging as in the container (INFO, one line per event): without a configuration logback logs
  # everything at DEBUG, which Jetty fills with a few lines per request.
  PORT="$port" java -Dai.djl.offline=true -Dlogback.configurationFile="${logging[$name]}" \
    -cp "${classpath[$name]}" dev.labconsole.runtime.server.ServerMain > "$out/$name-server.log" 2>&1 &
  pids[$name]=$!
done
for name in "${servers[@]}"; do
  for _ in $(seq 240); do
    curl -sf "http://127.0.0.1:${ports[$name]}/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:${ports[$name]}/health" >/dev/null \
    || { echo "the $name server did not start; see $out/$name-server.log" >&2; exit 1; }
done

echo "== 1. throughput under wrk -t2 -c16, $rounds alternating rounds of 5 s per endpoint"
for round in $(seq "$rounds"); do
  for name in "${servers[@]}"; do
    url="http://127.0.0.1:${ports[$name]}"
    wrk -t2 -c16 -d5s --latency "$url/health" > "$out/wrk-$name-health-$round.txt"
    wrk -t2 -c16 -d5s --latency -s "$out/predict.lua" "$url/predict" > "$out/wrk-$name-predict-$round.txt"
    echo "round $round, $name: $(grep -h Requests/sec "$out/wrk-$name-health-$round.txt" "$out/wrk-$name-predict-$round.txt" | tr -s ' ' | tr '\n' ' ')"
  done
done

for name in "${servers[@]}"; do
  port=${ports[$name]}
  echo "== 2. $name: GET /health with 0, 4, 50, 200 slow connections held, then while /predict is flooded"
  python3 benchmarks/python/slow_clients.py --port "$port" --checks "$checks" --label "$name" | tee -a "$out/slow-clients.jsonl"
  wrk -t2 -c64 -d15s --latency -s "$out/predict.lua" "http://127.0.0.1:$port/predict" > "$out/wrk-$name-flood-1.txt" &
  flood=$!
  sleep 2
  python3 benchmarks/python/slow_clients.py --port "$port" --slow 0 --checks "$checks" --label "$name, /predict flooded" \
    | tee -a "$out/slow-clients.jsonl"
  wait "$flood" || true
done
stop_servers
trap - EXIT

echo "== summary"
python3 benchmarks/python/slow_clients_summary.py "$out"
