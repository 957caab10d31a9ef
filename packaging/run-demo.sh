#!/usr/bin/env bash
# Runs the kiosk on demo data: installs the dependencies (Debian 12, as root),
# configures and builds, then starts the touchscreen app in demo mode (fresh
# temporary database, demo users listed on the sign-in screen, simulated
# scanner with a "Simulate scan" tray). This is the README's run command.
#
# Windowed when a desktop display exists; full screen on a bare console with
# a GPU (KMSDRM, as on the kiosk itself); otherwise it says why and shows the
# command-line part of the demo instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default >/dev/null

if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
  echo "== booking-kiosk --demo (demo users are listed on the sign-in screen; close the window to end)"
  exec build/bin/booking-kiosk --demo --windowed 1280x800
fi
if [[ -e /dev/dri/card0 && -t 0 && -z ${SSH_CONNECTION:-} ]]; then
  echo "== booking-kiosk --demo, full screen on this console (Ctrl+C ends it)"
  exec build/bin/booking-kiosk --demo
fi

cat <<'TXT'
No display here (DISPLAY and WAYLAND_DISPLAY are unset, no console GPU), so the
touchscreen app cannot open a window. From a desktop session (as the desktop
user, or with sudo -E so DISPLAY is kept) the same command starts:
    build/bin/booking-kiosk --demo --windowed 1280x800
Meanwhile, the kiosk's first decision on the command line:

TXT
sample=assets/demo/licence-valid-az.txt
echo "== kioskctl id parse $sample (a fictional Arizona licence)"
build/bin/kioskctl id parse "$sample"
echo
sample=assets/demo/licence-expired.txt
echo "== kioskctl id parse $sample (expired: an ICE status check is needed)"
build/bin/kioskctl id parse "$sample"
