#!/usr/bin/env bash
# Benchmarks of the inference runtime, each beside a baseline measured in the same run:
#   1. single-text latency and batch-32 throughput: the Java runtime (DJL) vs the same TorchScript
#      model run by Python's torch, alternating rounds so both see the same machine load;
#   2. `labconsole predict --input` on 10,000 texts, end to end (JVM and model start-up included);
#   3. `labconsole serve` under wrk on loopback: POST /predict vs GET /health (the server without the model).
# Usage: benchmarks/run.sh [rounds]   (needs python3; installs torch into benchmarks/.venv and wrk with apt-get)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
out="benchmarks/results"
mkdir -p "$out"
data="${SST2_DIR:-../shared/data/sst2}"

./labconsole --version >/dev/null   # builds when needed
if [ ! -x benchmarks/.venv/bin/python ]; then
  python3 -m venv benchmarks/.venv
  benchmarks/.venv/bin/pip install -q -r benchmarks/python/requirements.txt
fi
if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || echo "wrk not installed: skipping the server benchmark" >&2
fi

texts="$out/dev-texts.txt"
tail -n +2 "$data/dev.tsv" | cut -f1 > "$texts"
version="$(sed -n 's/^version=//p' app/target/classes/labconsole-version.properties)"
classpath="app/target/app-$version.jar:app/target/lib/*"

echo "== 1. latency: Java runtime vs Python torch, $rounds alternating rounds"
: > "$out/latency.jsonl"
for round in $(seq "$rounds"); do
  java -Dai.djl.offline=true -cp "$classpath" dev.labconsole.runtime.bench.LatencyBenchmark --texts "$texts" \
    | sed 's/^{/{"side": "java", /' | tee -a "$out/latency.jsonl"
  benchmarks/.venv/bin/python benchmarks/python/torch_baseline.py --texts "$texts" --threads 1 \
    | sed 's/^{/{"side": "python", /' | tee -a "$out/latency.jsonl"
done

echo "== 2. predict --input: 10,000 texts end to end"
big="$out/texts-10000.txt"
# awk stops printing itself: `head` would close the pipe early and fail the script under pipefail.
tail -n +2 "$data/train.tsv" | cut -f2 | awk 'length($0) > 40 && n < 10000 { print; n++ }' > "$big"
start=$(date +%s.%N)
./labconsole predict --input "$big" --output "$out/predictions-10000.jsonl" 2> "$out/predict.log"
end=$(date +%s.%N)
wc -l < "$out/predictions-10000.jsonl" > "$out/predict-count.txt"
python3 - "$start" "$end" "$out" <<'PY' | tee "$out/predict.json"
import json, sys
start, end, out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
count = int(open(f"{out}/predict-count.txt").read())
print(json.dumps({"texts": count, "seconds": round(end - start, 2), "texts_per_s": round(count / (end - start))}))
PY

if command -v wrk >/dev/null; then
  echo "== 3. serve under wrk (2 threads, 16 connections, 15 s each)"
  port=18000
  ./labconsole serve --host 127.0.0.1 --port "$port" > "$out/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.5
  done
  cat > "$out/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "a gripping, beautifully acted film that never lets go"}'
LUA
  wrk -t2 -c16 -d15s --latency "http://127.0.0.1:$port/health" | tee "$out/wrk-health.txt"
  wrk -t2 -c16 -d15s --latency -s "$out/predict.lua" "http://127.0.0.1:$port/predict" | tee "$out/wrk-predict.txt"
  kill -TERM "$server"; wait "$server" || true
  trap - EXIT
fi

echo "== summary"
python3 benchmarks/summarize.py "$out"
