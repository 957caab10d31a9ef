#!/usr/bin/env bash
# Installs every build and test dependency of booking-kiosk from Debian 12
# packages. Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config python3 clang clang-format
  libclang-rt-14-dev
  # libraries
  libsqlite3-dev sqlite3 libsodium-dev libjansson-dev libinih-dev
  libzbar-dev libusb-1.0-0-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
  libpng-dev libjpeg-dev
  libicu-dev
  # printing (issue 11): PDFs with cairo + FreeType, CUPS
  libcairo2-dev libfreetype-dev libcups2-dev
  # tests
  libcmocka-dev zint libzxing-dev umockdev libumockdev-dev
  xvfb xauth xdotool imagemagick
  poppler-utils
  # Debian package and its install test (packaging/build-deb.sh, tests/package)
  dpkg-dev debhelper fakeroot lintian mmdebstrap man-db systemd-container
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or with sudo) to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
