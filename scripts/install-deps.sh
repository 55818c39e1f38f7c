#!/usr/bin/env bash
# Installs everything lakeml needs to build and test on Debian 12: Debian packages (with sudo
# when not root) and the npm peers the interop tests run against. Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git clang libclang-rt-14-dev
  libsnappy-dev libzstd-dev liblz4-dev libbrotli-dev zlib1g-dev libdeflate-dev libxxhash-dev
  libsimdjson-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev libboost1.81-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev libssl-dev libpcre2-dev libedit-dev
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from outside Debian (nvm, NodeSource): accept any working node >= 18.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ]; then
  echo "lakeml: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d test/interop/node_modules/@duckdb/node-api ] || [ ! -d test/interop/node_modules/mlflow ]; then
  echo "lakeml: installing npm test peers (DuckDB, the mlflow client)"
  (cd test/interop && npm install --no-audit --no-fund --loglevel=error)
fi
