#!/usr/bin/env bash
# Installs Debian packages that are missing (postgresql, chromium, fonts...).
# Usage: deploy/apt-ensure.sh PACKAGE...    (no-op when all are installed)
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
  command -v sudo >/dev/null || { echo "apt-ensure: need root to install: ${missing[*]}" >&2; exit 1; }
else
  SUDO=
fi
echo "apt-ensure: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
