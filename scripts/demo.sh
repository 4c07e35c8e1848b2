#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main
# job on the embedded example data. (Until `innocluster demo` and its synthetic
# world exist, the main job is `innocluster rank` on the small files in
# examples/, with the threshold scaled down to their size.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "== innocluster rank on the example data in examples/ (min weight 2) =="
./build/innocluster rank --min-weight 2 \
  --patents examples/patents.csv \
  --publications examples/publications.csv.gz \
  --deals examples/deals.jsonl \
  --out out/example
