#!/usr/bin/env bash
# End-to-end test of booking-kiosk in a real X11 window under Xvfb, driven by
# xdotool (click, type, key) with the licence scan arriving through a FIFO
# read by the simulated scanner driver; the database is checked afterwards
# with kioskctl. Exit 77 (skip) when Xvfb or xdotool is missing.
# Usage: e2e_xvfb.sh BIN_DIR TEST_DIR
set -u
bin=${1:?bin dir}
tests=${2:?tests dir}
for tool in Xvfb xdotool python3; do
    command -v "$tool" >/dev/null || { echo "skip: $tool not installed"; exit 77; }
done
work=$(mktemp -d)
xvfb_pid=""
kiosk_pid=""
cleanup() {
    [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    command -v import >/dev/null && DISPLAY=$display import -window root "$work/screen.png" 2>/dev/null &&
        cp "$work/screen.png" "${E2E_SCREENSHOT:-/tmp/booking-kiosk-e2e-fail.png}" &&
        echo "screen saved to ${E2E_SCREENSHOT:-/tmp/booking-kiosk-e2e-fail.png}"
    exit 1
}

# A free display number.
for n in $(seq 91 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X${display#:}" ] && break
    sleep 0.1
done
export DISPLAY=$display

mkfifo "$work/scan.fifo"
db="$work/kiosk.db"
"$bin/booking-kiosk" --demo --db "$db" --key-dir "$work/keys" --windowed 1280x720 --software \
    --now 2026-03-10T14:05:00Z --scanner "sim:$work/scan.fifo" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
wid=$(timeout 15 xdotool search --sync --name '^booking-kiosk' | head -1)
[ -n "$wid" ] || { cat "$work/kiosk.log"; fail "no window"; }
# No window manager under Xvfb: give the window the keyboard focus.
xdotool windowfocus --sync "$wid"
sleep 0.5
step() { sleep 0.2; }
click() { xdotool mousemove --sync "$1" "$2" click 1; step; }
# The window title names the screen shown: wait for it.
screen() {
    timeout 10 xdotool search --sync --name "booking-kiosk .* $1\$" >/dev/null ||
        fail "the screen \"$1\" never came"
}

# Sign in: badge field, type the badge, Enter; the PIN field has focus.
screen "Sign in"
click 700 195
xdotool type --delay 30 4411; xdotool key Return; step
xdotool type --delay 30 482915; xdotool key Return; step
# Home: "New intake" (first tile).
screen "Home"
click 323 172
screen "New intake"
# Booking number, a charge by code, the first hit, then "Scan the back of the ID".
click 300 197
xdotool type --delay 20 2026-009001; step
click 300 303
xdotool type --delay 20 5404; step
click 350 385
click 996 405
screen "Scan the ID"
# The scanner: one length-prefixed payload into the FIFO the sim driver reads.
python3 - "$tests/ui/data/licence-valid.txt" "$work/scan.fifo" <<'PY'
import sys, struct
data = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'wb') as f:
    f.write(struct.pack('>I', len(data)) + data)
PY
# ID result: "Photo matches the person".
screen "ID result"
click 1029 274
# issue 10: the nationality is asked before the exemption is recorded.
screen "Nationality"
click 1028 221
screen "Recorded"

out=$("$bin/kioskctl" --db "$db" --key-dir "$work/keys" --local-admin intake show 1 --json 2>&1) || fail "intake show: $out"
echo "$out" | grep -q '"exempt_id"' || fail "intake 1 is not exempt_id: $out"
echo "$out" | grep -q '2026-009001' || fail "booking number missing: $out"
echo "$out" | grep -q '4711' || fail "document last 4 missing: $out"
echo "$out" | grep -q '"nationality": \[\s*"US"' || echo "$out" | grep -q '"US"' ||
    fail "nationality US missing: $out"
kill "$kiosk_pid"; wait "$kiosk_pid"; rc=$?
kiosk_pid=""
[ "$rc" -eq 0 ] || fail "booking-kiosk exited with $rc on SIGTERM"
echo "ok: intake recorded through the real window"
