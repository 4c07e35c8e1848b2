#!/usr/bin/env bash
# Configures and builds innocluster incrementally.
#   scripts/build.sh              Release build in build/
#   scripts/build.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#   scripts/build.sh [--sanitize] TARGET...   only these targets
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
sanitize=false
if [[ "${1:-}" == "--sanitize" ]]; then sanitize=true; shift; fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
if $sanitize; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DINNOCLUSTER_SANITIZE=ON -DINNOCLUSTER_BUILD_BENCH=OFF)
else
  dir=build
  flags=(-DCMAKE_BUILD_TYPE=Release)
fi
# ccache, when installed, makes rebuilds in another checkout or build directory cheap.
if command -v ccache >/dev/null 2>&1; then
  flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$PWD")}"
fi
if [[ ! -f "$dir/build.ninja" ]]; then
  cmake -S . -B "$dir" -G Ninja -DINNOCLUSTER_WERROR=ON "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -j"$jobs" "${targets[@]}"
