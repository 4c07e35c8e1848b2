#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run
# `innocluster demo`: the synthetic world (generated once, then reused),
# ranked with the GII 2025 method into out/demo, compared with the previous
# edition and the two-metric method, with a sensitivity run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "== innocluster demo (synthetic data) =="
./build/innocluster demo "$@"
