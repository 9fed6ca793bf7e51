#!/usr/bin/env bash
# Installs what building, running and testing OneDoor needs on Debian 12, as root. Quiet and
# idempotent: only missing packages are installed, and apt-get update runs only when needed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev nlohmann-json3-dev libspdlog-dev libcli11-dev libsodium-dev libsqlite3-dev zlib1g-dev libqrencode-dev libicu-dev
  libgtest-dev libbenchmark-dev libxml2-dev sqlite3 libpq-dev postgresql-15
  wrk chromium fonts-noto-cjk
  clang libclang-rt-14-dev
)
[[ "${1:-}" == "--run-only" ]] && packages=(build-essential cmake ninja-build ccache pkg-config
  libboost-dev nlohmann-json3-dev libspdlog-dev libcli11-dev libsodium-dev libsqlite3-dev zlib1g-dev libqrencode-dev libicu-dev
  libgtest-dev libbenchmark-dev libxml2-dev libpq-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "onedoor: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "onedoor: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
  echo "onedoor: Node.js >= 20.19 with npm is needed for the web app (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
