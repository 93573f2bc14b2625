"""Summarises benchmarks/results/fx-stall.jsonl (one line per run of FxStallBenchmark): each phase's
runLater-delay max and p99 per run, their medians over the runs, and the ratios to the idle phase of
the same run (machines here are noisy, so a phase is compared with the baseline measured beside it)."""
import json
import statistics
import sys

LIMIT_MS = 100
runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
if not runs:
    sys.exit("no runs in " + sys.argv[1])
names = [phase["name"] for phase in runs[0]["phases"]]


def phase(run, name):
    return next(p for p in run["phases"] if p["name"] == name)


print(f"== FX-thread stalls over {len(runs)} run(s): runLater delay in ms (max / p99 / p50), "
      "pulse gap max in ms, ratios to the same run's idle phase")
header = f"{'phase':<38} | {'max per run':<22} | {'median max':>10} {'p99':>7} {'p50':>6} | {'gap max':>7} | " \
         f"{'p99/idle':>8} {'max/idle':>8} | over {LIMIT_MS} ms"
print(header)
print("-" * len(header))
for name in names:
    maxes = [phase(r, name)["runLaterDelay"]["maxMs"] for r in runs]
    p99s = [phase(r, name)["runLaterDelay"]["p99Ms"] for r in runs]
    p50s = [phase(r, name)["runLaterDelay"]["p50Ms"] for r in runs]
    gaps = [phase(r, name)["pulseGap"]["maxMs"] for r in runs]
    p99_ratios = [phase(r, name)["runLaterDelay"]["p99Ms"] / phase(r, names[0])["runLaterDelay"]["p99Ms"] for r in runs]
    max_ratios = [phase(r, name)["runLaterDelay"]["maxMs"] / phase(r, names[0])["runLaterDelay"]["maxMs"] for r in runs]
    over = sum(1 for m, g in zip(maxes, gaps) if m > LIMIT_MS or g > LIMIT_MS)
    per_run = " ".join(f"{m:.0f}" for m in maxes)
    print(f"{name:<38} | {per_run:<22} | {statistics.median(maxes):>10.1f} {statistics.median(p99s):>7.2f} "
          f"{statistics.median(p50s):>6.2f} | {statistics.median(gaps):>7.1f} | {statistics.median(p99_ratios):>8.1f} "
          f"{statistics.median(max_ratios):>8.1f} | {over} of {len(runs)} runs")
