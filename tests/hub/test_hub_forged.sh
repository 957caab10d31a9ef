#!/bin/bash
# Issue 14: a fact with a bad signature inserted straight into the hub is
# refused by every station and reported (sync exits 65 naming it, `station
# list` counts it, the audit records it), changes nothing, and the station
# whose name it abused is told the hub holds a different fact. Removing it
# at the hub heals everything. Also: a station's own PostgreSQL role may not
# insert facts in another station's name (row-level policy).
set -u
. "$(dirname "$0")/pg_fixture.sh"
. "$(dirname "$0")/stations.sh"

expect 0 A hub init "$HUB_URL"
# station B connects with a role of its own (roles per station)
pg_sql "CREATE ROLE station_b LOGIN IN ROLE kiosk_station" || fail "create role"
B_URL="postgresql:///kiosk?host=$PGFIX_DIR&port=$PGFIX_PORT&user=station_b"
station_new A
mkdir -p "$PGFIX_DIR/st/B/keys"; chmod 700 "$PGFIX_DIR/st/B" "$PGFIX_DIR/st/B/keys"
expect 0 B db init
expect 0 B --local-admin station join "$B_URL" --name B
station_new C
printf '482915\n' | k A --local-admin user add --badge D7 --name 'Dana Deputy' --role deputy >/dev/null || fail "user add"
printf '529384\n' | k A --local-admin user add --badge S2 --name 'Sam Super' --role supervisor >/dev/null || fail "user add"
intake_json 2026-000201 Doe | k A --local-admin --as D7 intake add --json - >/dev/null || fail "intake"
converge A B C
same_digests A B C

# B's role cannot write in A's name
if psql -X -q -h "$PGFIX_DIR" -p "$PGFIX_PORT" -U station_b -d kiosk -c \
  "INSERT INTO kiosk_facts(station, seq, at, kind, subject, payload, sig) VALUES ('A', 999, 0, 'x', 'x', '{}', decode(repeat('00', 64), 'hex'))" 2>/dev/null; then
  fail "station_b inserted a fact in A's name"
fi

# the forger, with write access to the hub, appends a cancel in A's name
next=$(( $(pg_sql "SELECT max(seq) FROM kiosk_facts WHERE station = 'A'") + 1 ))
pg_sql "INSERT INTO kiosk_facts(station, seq, at, kind, subject, payload, sig) VALUES ('A', $next, 1, 'request.cancel', 'A-1', '{\"a\":\"forged\",\"actor\":\"S2\",\"from\":\"queued\",\"to\":\"cancelled\",\"verb\":\"cancel\"}', decode(repeat('ab', 64), 'hex'))" || fail "forge"
for s in B C; do
  expect 65 $s --local-admin sync --once
  echo "$LAST_OUT" | grep -q "refused fact A/$next: bad signature" || { echo "$LAST_OUT"; fail "$s did not report the forged fact"; }
  k $s --local-admin station list | grep -q 'refused 1$' || fail "$s's station list does not count the refusal"
  k $s --local-admin --as S2 request list --status queued | grep -q 'id=A-1' || fail "the forged cancel changed A-1 at $s"
  k $s --local-admin audit list | grep -q "sync.refuse" || fail "no audit row for the refusal at $s"
done
# again: still refused (the stream of A stops there), reported once in the audit
expect 65 B --local-admin sync --once
[ "$(k B --local-admin audit list | grep -c 'sync.refuse')" = 1 ] || fail "the refusal was audited twice"
# A's next real fact collides with the forged one: A is told
expect 0 A --local-admin --as D7 request list
expect 65 A --local-admin sync --once
echo "$LAST_OUT" | grep -q "the hub holds a different fact A/$next" || { echo "$LAST_OUT"; fail "A was not told"; }

# the hub administrator removes it: everything converges
pg_sql "DELETE FROM kiosk_facts WHERE station = 'A' AND seq = $next" || fail "delete"
converge A B C
same_digests A B C
k C --local-admin --as S2 request list --status queued | grep -q 'id=A-1' || fail "A-1 not queued at C"
echo "PASS"
