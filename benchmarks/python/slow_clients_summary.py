"""Turns benchmarks/results/slow-clients/ into the tables the README quotes, with ratios."""
import json
import re
import sys

out = sys.argv[1]
rows = [json.loads(line) for line in open(f"{out}/slow-clients.jsonl") if line.strip()]
servers = list(dict.fromkeys(r["server"] for r in rows))


def wrk(name, endpoint):
    try:
        text = open(f"{out}/wrk-{name}-{endpoint}.txt").read()
    except FileNotFoundError:
        return None
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    def ms(pct):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\b", text, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return rps, ms(50), ms(99)


print("| wrk -t2 -c16, 10 s | " + " | ".join(f"{s}: req/s, p50, p99 (ms)" for s in servers)
      + (" | ratio current/baseline (req/s) |" if len(servers) > 1 else " |"))
print("|---" * (len(servers) + 1 + (len(servers) > 1)) + "|")
for endpoint, label in [("health", "GET /health"), ("predict", "POST /predict")]:
    cells, figures = [], {}
    for s in servers:
        figure = wrk(s, endpoint)
        figures[s] = figure
        cells.append(f"{figure[0]:,.0f}, {figure[1]:.2f}, {figure[2]:.2f}" if figure else "-")
    ratio = ""
    if len(servers) > 1 and figures.get("baseline") and figures.get("current"):
        ratio = f" | {figures['current'][0] / figures['baseline'][0]:.2f}"
    print(f"| {label} | " + " | ".join(cells) + ratio + " |")
print()
print("| server | slow connections held | health checks | failed or timed out | p50 (ms) | p99 (ms) | max (ms) |"
      " p50 / p50 at N=0 | p99 / p99 at N=0 |")
print("|---|---|---|---|---|---|---|---|---|")
for s in servers:
    base = next(r for r in rows if r["server"] == s and r["slow_connections"] == 0)
    for r in (r for r in rows if r["server"] == s):
        print(f"| {s} | {r['slow_connections']} | {r['checks']} | {r['failed']} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} |"
              f" {r['max_ms']:.0f} | {r['p50_ms'] / base['p50_ms']:.2f} | {r['p99_ms'] / base['p99_ms']:.2f} |")
