"""Turns benchmarks/results/ into the table the README quotes: medians over rounds and ratios."""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "python"))
from wrk_results import figures  # noqa: E402

out = sys.argv[1]
rows = [json.loads(line) for line in open(f"{out}/latency.jsonl") if line.strip()]


def median(side, key):
    return statistics.median(r[key] for r in rows if r["side"] == side)


print("| measure | Java runtime (DJL) | Python torch | ratio Java/Python |")
print("|---|---|---|---|")
for key, label in [("p50_us", "single text p50 (µs)"), ("p95_us", "single text p95 (µs)"), ("p99_us", "single text p99 (µs)")]:
    j, p = median("java", key), median("python", key)
    print(f"| {label} | {j:.0f} | {p:.0f} | {j / p:.2f} |")
j, p = median("java", "batch32_texts_per_s"), median("python", "batch32_texts_per_s")
print(f"| batch of 32 (texts/s) | {j:.0f} | {p:.0f} | {j / p:.2f} |")
print()
predict = json.load(open(f"{out}/predict.json"))
print(f"predict --input: {predict['texts']:,} texts in {predict['seconds']} s = {predict['texts_per_s']:,} texts/s"
      " (JVM start and model load included)")


def wrk(name):
    try:
        return figures(f"{out}/wrk-{name}.txt")
    except FileNotFoundError:
        return None


health, predict_wrk = wrk("health"), wrk("predict")
if health and predict_wrk:
    print()
    print("| serve, wrk -t2 -c16 | requests/s | p50 (ms) | p99 (ms) |")
    print("|---|---|---|---|")
    print(f"| GET /health (baseline) | {health[0]:,.0f} | {health[1]:.2f} | {health[2]:.2f} |")
    print(f"| POST /predict | {predict_wrk[0]:,.0f} | {predict_wrk[1]:.2f} | {predict_wrk[2]:.2f} |")
    print(f"| ratio predict/health | {predict_wrk[0] / health[0]:.2f} | | |")
