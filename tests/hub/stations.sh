# Helpers for the hub tests (issue 14), sourced after pg_fixture.sh: each
# station is a database and a key folder under $PGFIX_DIR/st/NAME, driven
# only through kioskctl (the user's path).
KIOSKCTL=${KIOSK_BIN_DIR:?KIOSK_BIN_DIR not set}/kioskctl
[ -x "$KIOSKCTL" ] || { echo "no kioskctl at $KIOSKCTL"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
# k NAME ARGS...: kioskctl on station NAME
k() { local s=$1; shift; "$KIOSKCTL" --db "$PGFIX_DIR/st/$s/kiosk.db" --key-dir "$PGFIX_DIR/st/$s/keys" "$@"; }
# expect CODE NAME ARGS...: runs k, checks its exit status
expect() {
  local want=$1; shift
  local out rc
  out=$(k "$@" 2>&1 </dev/null); rc=$?
  [ "$rc" = "$want" ] || { echo "$out"; fail "kioskctl on $1 (${*:2}) exited $rc, wanted $want"; }
  LAST_OUT=$out
}
# station_new NAME: a fresh database with its keys, joined to the hub
station_new() {
  mkdir -p "$PGFIX_DIR/st/$1/keys"; chmod 700 "$PGFIX_DIR/st/$1" "$PGFIX_DIR/st/$1/keys"
  expect 0 "$1" db init
  expect 0 "$1" --local-admin station join "$HUB_URL" --name "$1"
}
digest() { k "$1" --local-admin db digest | awk '{print $NF}'; }
# converge NAMES...: sync every station until no round moves anything
converge() {
  local round s out
  for round in 1 2 3 4 5 6; do
    local moved=0
    for s in "$@"; do
      out=$(k "$s" --local-admin sync --once 2>&1) || { echo "$out"; fail "sync on $s"; }
      case "$out" in *"pushed 0, pulled 0,"*) ;; *) moved=1 ;; esac
    done
    [ $moved = 0 ] && return 0
  done
  fail "no convergence after 6 rounds"
}
same_digests() {
  local first d s
  first=$(digest "$1")
  for s in "$@"; do
    d=$(digest "$s")
    [ "$d" = "$first" ] || fail "digest of $s ($d) differs from $1's ($first)"
  done
  echo "digests equal on $*: $first"
}
intake_json() { # BOOKING FAMILY: an IAQ intake (fictional person)
  printf '{"booking_number":"%s","charges":["1313"],"iaq":{"family_name":"%s","first_name":"Jane","dob":"1990-05-06","sex":"F","pob":"GD","nationality":["GD"]}}' "$1" "$2"
}
# name_of N: a letters-only name part for number N (NCIC names have no digits)
name_of() { echo "$1" | tr 0-9 A-J; }
