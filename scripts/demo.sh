#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main
# job on the embedded example data. (Until `innocluster demo` exists, the main
# job is the ingest of examples/: the data check every run starts with.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "== innocluster ingest on the example data in examples/ =="
./build/innocluster ingest \
  --patents examples/patents.csv \
  --publications examples/publications.csv.gz \
  --deals examples/deals.jsonl \
  --out out/example
