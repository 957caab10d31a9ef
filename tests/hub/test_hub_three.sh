#!/bin/bash
# Issue 14: two counters (A, B) and a comms desk (C) on one real PostgreSQL
# hub: users added at one station sign in at the others; requests from both
# counters reach the comms desk; transmissions and answers flow back; with
# the hub stopped both sides keep working, a supervisor's cancel and the
# comms desk's answer conflict; the hub returns and everything converges
# (equal digests, the conflict visible at every station).
set -u
. "$(dirname "$0")/pg_fixture.sh"
. "$(dirname "$0")/stations.sh"

expect 0 A hub init "$HUB_URL"
expect 0 A hub init "$HUB_URL" # idempotent
for s in A B C; do station_new $s; done
expect 65 B --local-admin station join "$HUB_URL" --name A  # B's database cannot become A
expect 65 B --local-admin station join "postgresql://station_b:secret@hub/kiosk" --name B  # no password kept
expect 64 B --local-admin station join "$HUB_URL"

# users: added at A (deputy, supervisor) and C (comms)
printf '482915\n' | k A --local-admin user add --badge D7 --name 'Dana Deputy' --role deputy >/dev/null || fail "user add D7"
printf '529384\n' | k A --local-admin user add --badge S2 --name 'Sam Super' --role supervisor >/dev/null || fail "user add S2"
printf '639172\n' | k C --local-admin user add --badge C3 --name 'Casey Comms' --role comms >/dev/null || fail "user add C3"
converge A B C
# sign-in with the PIN at the other stations
printf '639172\n' | k A --as C3 request list >/dev/null || fail "C3 (added at C) cannot sign in at A"
printf '482915\n' | k B --as D7 request list >/dev/null || fail "D7 (added at A) cannot sign in at B"
printf '482915\n' | k C --as D7 request list >/dev/null || fail "D7 (added at A) cannot sign in at C"
printf '000000\n' | k B --as S2 request list >/dev/null 2>&1 && fail "a wrong PIN signed in at B"
# lockout travels: S2 locked out at B by wrong PINs is locked at C once synced
for i in 1 2 3 4 5 6; do printf '000000\n' | k B --as S2 request list >/dev/null 2>&1; done
printf '529384\n' | k B --as S2 request list >/dev/null 2>&1; [ $? = 75 ] || fail "S2 not locked at B"
converge A B C
printf '529384\n' | k C --as S2 request list >/dev/null 2>&1; [ $? = 75 ] || fail "S2's lock did not reach C"
expect 0 C --local-admin user unlock S2
converge A B C
printf '529384\n' | k B --as S2 request list >/dev/null || fail "S2 unlocked at C still locked at B"

# intakes at both counters reach the comms desk
intake_json 2026-000101 Doe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake at A"
intake_json 2026-000102 Roe | k B --local-admin --as D7 intake add --json - >/dev/null || fail "intake at B"
converge A B C
list=$(k C --local-admin --as C3 request list) || fail "list at C"
echo "$list" | grep -q 'id=A-1' || { echo "$list"; fail "A-1 not at the comms desk"; }
echo "$list" | grep -q 'id=B-1' || { echo "$list"; fail "B-1 not at the comms desk"; }

# comms transmits both and answers A-1; the answer reaches counter A
expect 0 C --local-admin --as C3 request transmit A-1 --ref MULES-11
expect 0 C --local-admin --as C3 request transmit B-1 --ref MULES-12
printf 'IAR: no record found (fictional)\n' | k C --local-admin --as C3 request respond A-1 --disposition no_record --text-file - >/dev/null || fail "respond A-1"
converge A B C
k A --local-admin --as D7 request list --status responded | grep -q 'id=A-1' || fail "the answer to A-1 did not reach A"
k B --local-admin --as D7 request list --status transmitted | grep -q 'id=B-1' || fail "B-1's transmission did not reach B"
expect 0 A --local-admin --as D7 request close A-1
# a consular step at the counter and a setting at C travel too
expect 0 A --local-admin --as D7 consular informed A-1
expect 0 C --local-admin db set queue_sla_min 25
converge A B C
k C --local-admin --as D7 consular show A-1 --json | grep -q '"informed_by": *"D7"' || { k C --local-admin --as D7 consular show A-1 --json; fail "A's consular step not at C"; }
k A --local-admin db settings | grep -q '^queue_sla_min=25$' || fail "C's setting did not reach A"
converge A B C # the views above were audited: those rows travel too
same_digests A B C

# issue 10's steps travel too: C's "unlawfully present" answer makes the
# DHS notification due at A (close refused there), A records it, C sees it
intake_json 2026-000105 Loe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake for DHS"
converge A B C
dhs=$(k C --local-admin --as C3 request list | awk '/2026-000105/ {print $NF}' | cut -d= -f2)
[ -n "$dhs" ] || fail "the DHS case did not reach C"
expect 0 C --local-admin --as C3 request transmit "$dhs" --ref MULES-15
printf 'IAR: unlawfully present (fictional)\n' | k C --local-admin --as C3 request respond "$dhs" --disposition record_found_unlawfully_present --text-file - >/dev/null || fail "respond $dhs"
converge A B C
expect 65 A --local-admin --as D7 request close "$dhs"
echo "$LAST_OUT" | grep -q "notify DHS first" || { echo "$LAST_OUT"; fail "the DHS notification was not due at A"; }
expect 0 A --local-admin --as D7 request dhs-notified "$dhs" --method phone --note 'fictional call'
expect 0 A --local-admin --as D7 request close "$dhs"
converge A B C
k C --local-admin --as C3 request show "$dhs" --json | grep -q '"method": *"phone"' || { k C --local-admin --as C3 request show "$dhs" --json; fail "A's DHS notification not at C"; }
k B --local-admin --as D7 request list --status closed | grep -q "id=$dhs" || fail "$dhs not closed at B"
k C --local-admin --as C3 request show "$dhs" --json | grep -q 'dhs' || fail "no DHS in C's timeline"
converge A B C
same_digests A B C

# a consular wish (Mexico: not a mandatory country) then the information step, at B,
# travel; a later replay at B does not lose the wish
printf '{"booking_number":"2026-000106","charges":["1313"],"iaq":{"family_name":"Soe","first_name":"Jane","dob":"1990-05-06","sex":"F","pob":"MM","nationality":["MM"]}}' |
  k B --local-admin --as D7 intake add --json - >/dev/null || fail "intake MM at B"
mx=$(k B --local-admin --as D7 request list | awk '/2026-000106/ {print $NF}' | cut -d= -f2)
expect 0 B --local-admin --as D7 consular wish "$mx" requested
expect 0 B --local-admin --as D7 consular informed "$mx"
converge A B C
for s in B C; do
  out=$(k $s --local-admin --as D7 consular show "$mx" --json)
  echo "$out" | grep -q '"wish": *"requested"' && echo "$out" | grep -q '"informed_by": *"D7"' ||
    { echo "$out"; fail "the wish or the information step of $mx is missing at $s"; }
done
converge A B C
same_digests A B C

# the hub goes away: everybody keeps working
pg_stop
expect 69 A --local-admin sync --once
expect 69 C --local-admin sync --once
intake_json 2026-000103 Poe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake at A while the hub is down"
expect 0 B --local-admin --as S2 request cancel B-1 --reason 'released on bond'
printf 'IAR: record found (fictional)\n' | k C --local-admin --as C3 request respond B-1 --disposition other --text-file - >/dev/null || fail "respond B-1 offline"
k B --local-admin --as S2 request list --status cancelled | grep -q 'id=B-1' || fail "B's cancel not kept locally"

# the hub returns: convergence, the conflict visible everywhere, nothing lost
pg_start || fail "hub restart"
converge A B C
same_digests A B C
for s in A B C; do
  c=$(k $s --local-admin station conflicts)
  echo "$c" | grep -q '^conflict B-1 ' || { echo "$c"; fail "no conflict item for B-1 at $s"; }
  echo "$c" | grep -q '^1 conflict item$' || { echo "$c"; fail "not exactly one conflict at $s"; }
done
# both facts are kept: the cancel and the answer are in every station's log
state=$(k C --local-admin --as C3 request list --status cancelled; k C --local-admin --as C3 request list --status responded)
echo "$state" | grep -q 'id=B-1' || fail "B-1 in neither state at C"
# the intake made offline arrives under the same stable id it has at A
ida=$(k A --local-admin --as D7 request list | awk '/2026-000103/ {print $NF}')
idc=$(k C --local-admin --as C3 request list | awk '/2026-000103/ {print $NF}')
[ -n "$ida" ] && [ "$ida" = "$idc" ] || fail "the offline intake is '$ida' at A but '$idc' at C"
# a purge reaches only its own station (not replicated yet): on a joined
# station kioskctl says so, with the number of facts that keep the person
later=$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)
out=$(k A --local-admin --now "$later" purge --older-than 1 2>&1) || { echo "$out"; fail "purge at A"; }
echo "$out" | grep -q '^purged [1-9]' || { echo "$out"; fail "nothing purged at A"; }
echo "$out" | grep -q 'hub facts about the purged intakes still hold their personal data' ||
  { echo "$out"; fail "the purge at A did not say the facts keep the person"; }
# `kioskctl sync` as a service at C follows the hub's NOTIFY: a new intake at
# A appears at C without any command at C; SIGTERM ends it with status 0
"$KIOSKCTL" --db "$PGFIX_DIR/st/C/kiosk.db" --key-dir "$PGFIX_DIR/st/C/keys" --local-admin sync \
  >"$PGFIX_DIR/loop.out" 2>&1 &
loop=$!
sleep 1
intake_json 2026-000104 Moe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake for the loop"
expect 0 A --local-admin sync --once
seen=0
for i in $(seq 1 30); do
  if k C --local-admin station list | awk '$1 == "A" && $2 != "yes" {print $2}' | grep -qx "$(k A --local-admin station list | awk '$1 == "A" {print $3}')"; then seen=1; break; fi
  sleep 0.1
done
kill -TERM $loop; wait $loop; rc=$?
[ $seen = 1 ] || { cat "$PGFIX_DIR/loop.out"; fail "the sync service at C did not pull A's intake within 3 s"; }
[ $rc = 0 ] || fail "the sync service exited $rc on SIGTERM"
grep -q 'new requests 1' "$PGFIX_DIR/loop.out" || { cat "$PGFIX_DIR/loop.out"; fail "the service did not report the new request"; }
k A --local-admin station list | grep -q '^C ' || fail "station list lacks C"
k A --local-admin station list
echo "PASS"
