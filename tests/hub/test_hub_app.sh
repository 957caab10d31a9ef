#!/bin/bash
# Issue 14: booking-kiosk on a joined database syncs in the background by
# itself: a change made while it runs (here by kioskctl on the same file)
# reaches the hub without any sync command, and one made at another station
# arrives in its database; SIGTERM ends the app cleanly.
set -u
. "$(dirname "$0")/pg_fixture.sh"
. "$(dirname "$0")/stations.sh"
APP=$KIOSK_BIN_DIR/booking-kiosk
[ -x "$APP" ] || { echo "SKIP: booking-kiosk not built"; exit 77; }

expect 0 A hub init "$HUB_URL"
station_new A
station_new C
printf '482915\n' | k A --local-admin user add --badge D7 --name 'Dana Deputy' --role deputy >/dev/null || fail "user add"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$APP" --db "$PGFIX_DIR/st/A/kiosk.db" \
  --key-dir "$PGFIX_DIR/st/A/keys" --windowed 800x600 --software >"$PGFIX_DIR/app.log" 2>&1 &
app=$!
sleep 1
kill -0 $app 2>/dev/null || { cat "$PGFIX_DIR/app.log"; fail "booking-kiosk did not start"; }
intake_json 2026-000301 Doe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake at A"
made=$(k A --local-admin station list | awk '$1 == "A" {print $3}')
ok=0
for i in $(seq 1 50); do
  [ "$(pg_sql "SELECT COALESCE(max(seq), 0) FROM kiosk_facts WHERE station = 'A'")" -ge "$made" ] && { ok=1; break; }
  sleep 0.1
done
[ $ok = 1 ] || { cat "$PGFIX_DIR/app.log"; fail "the app did not push A's facts within 5 s"; }
# a user added at C arrives in the running app's database by NOTIFY
printf '639172\n' | k C --local-admin user add --badge C3 --name 'Casey Comms' --role comms >/dev/null || fail "user add at C"
expect 0 C --local-admin sync --once
ok=0
for i in $(seq 1 50); do
  k A --local-admin station list | awk '$1 == "C" {print $2}' | grep -qx "$(k C --local-admin station list | awk '$1 == "C" {print $3}')" && { ok=1; break; }
  sleep 0.1
done
[ $ok = 1 ] || fail "C's facts did not reach the running app's database within 5 s"
printf '639172\n' | k A --as C3 request list >/dev/null || fail "C3 cannot sign in at A"
kill -TERM $app
wait $app; rc=$?
[ $rc = 0 ] || { cat "$PGFIX_DIR/app.log"; fail "booking-kiosk exited $rc on SIGTERM"; }
echo "PASS"
