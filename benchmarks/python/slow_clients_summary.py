"""Turns benchmarks/results/slow-clients/ into the tables the README quotes: medians over rounds, ratios."""
import glob
import json
import statistics
import sys

from wrk_results import figures

out = sys.argv[1]
rows = [json.loads(line) for line in open(f"{out}/slow-clients.jsonl") if line.strip()]
runs = list(dict.fromkeys(r["server"] for r in rows))
servers = [run for run in runs if "," not in run]


def wrk(name, endpoint):
    rounds = [figures(path) for path in sorted(glob.glob(f"{out}/wrk-{name}-{endpoint}-*.txt"))]
    if not rounds:
        return None
    return tuple(statistics.median(f[i] for f in rounds) for i in range(3))


both = "baseline" in servers and "current" in servers
print("| wrk -t2 (median of rounds) | " + " | ".join(f"{s}: requests/s, p50, p99 (ms)" for s in servers)
      + (" | requests/s current/baseline |" if both else " |"))
print("|---" * (len(servers) + 1 + both) + "|")
for endpoint, label in [("health", "GET /health, 16 connections"), ("predict", "POST /predict, 16 connections"),
                        ("flood", "POST /predict, 64 connections, while /health is checked")]:
    medians = {s: wrk(s, endpoint) for s in servers}
    cells = [f"{f[0]:,.0f}, {f[1]:.2f}, {f[2]:.2f}" if f else "-" for f in medians.values()]
    ratio = f" | {medians['current'][0] / medians['baseline'][0]:.2f}" if both and all(medians.values()) else ""
    print(f"| {label} | " + " | ".join(cells) + ratio + " |")
print()
print("| server | slow connections held | /health checks | failed or timed out (5 s) | p50 (ms) | p99 (ms) | max (ms) |"
      " p50 / p50 at N=0 | p99 / p99 at N=0 |")
print("|---|---|---|---|---|---|---|---|---|")
for run in runs:
    # A flooded run compares with its own server's quiet N=0.
    base = next(r for r in rows if r["server"] == run.split(",")[0] and r["slow_connections"] == 0)
    for r in (r for r in rows if r["server"] == run):
        print(f"| {run} | {r['slow_connections']} | {r['checks']} | {r['failed']} | {r['p50_ms']:.2f} |"
              f" {r['p99_ms']:.2f} | {r['max_ms']:.0f} | {r['p50_ms'] / base['p50_ms']:.2f} |"
              f" {r['p99_ms'] / base['p99_ms']:.2f} |")
