#!/usr/bin/env bash
# Debian packages L2C needs beside its Python ones: the Noto CJK fonts (printed receipts,
# reservations and contracts, WeasyPrint) and, for the browser tests, Debian's Chromium.
# Installed once with apt-get when missing; never a downloaded browser.
#   scripts/system-deps.sh          fonts only (make run)
#   scripts/system-deps.sh browser  fonts and chromium (make test)
set -u
want=()
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || want+=(fonts-noto-cjk)
if [ "${1:-}" = "browser" ] && ! command -v chromium >/dev/null 2>&1; then want+=(chromium); fi
[ ${#want[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
echo "=== installing Debian packages: ${want[*]} ==="
mkdir -p var
($SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want[@]}") >var/apt.log 2>&1 \
  || echo "apt-get failed (see var/apt.log): printed documents need fonts-noto-cjk"
