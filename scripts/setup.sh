#!/usr/bin/env bash
# Installs what Waternet needs to build and test on Debian 12 (bookworm). Idempotent and non-interactive:
# packages already present are left alone. Run as root or with sudo available.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgdal-dev gdal-bin libproj-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
  libboost-dev libssl-dev libcpp-httplib-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
