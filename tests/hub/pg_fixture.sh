# A throwaway PostgreSQL 15 cluster for the hub tests (issue 14), sourced by
# the tests/hub/*.sh scripts: initdb + pg_ctl in a temporary folder, a Unix
# socket in that folder, its own port. Exit 77 only when the PostgreSQL
# server binaries are missing (packaging/install-deps.sh installs them).
# Debian's server refuses to run as root: as root it runs as `nobody`.
# Sets: PGFIX_DIR, HUB_URL, and the functions pg_start, pg_stop, pg_sql.

pgfix_find() {
  for d in "${PG_BIN:-}" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  d=$(dirname "$(command -v initdb 2>/dev/null)" 2>/dev/null)
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  return 1
}

PGFIX_BIN=$(pgfix_find) || { echo "SKIP: PostgreSQL server binaries (initdb, pg_ctl) not installed"; exit 77; }
command -v psql >/dev/null || { echo "SKIP: psql not installed"; exit 77; }

PGFIX_DIR=$(mktemp -d /tmp/kiosk-hub.XXXXXX)
chmod 755 "$PGFIX_DIR"
# A port of our own: derived from the PID, moved on while one is taken.
PGFIX_PORT=$(( 20000 + ($$ % 20000) ))
PGFIX_RUN=""
if [ "$(id -u)" = 0 ]; then
  chown nobody "$PGFIX_DIR"
  PGFIX_RUN="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
fi
pgfix_as() { $PGFIX_RUN "$@"; }

pgfix_as "$PGFIX_BIN/initdb" -D "$PGFIX_DIR/data" -U kiosk_admin -A trust -E UTF8 \
  --no-locale >"$PGFIX_DIR/initdb.log" 2>&1 || { cat "$PGFIX_DIR/initdb.log"; exit 1; }

pg_start() {
  local tries=0
  while :; do
    if pgfix_as "$PGFIX_BIN/pg_ctl" -D "$PGFIX_DIR/data" -l "$PGFIX_DIR/server.log" -w -t 30 \
        -o "-p $PGFIX_PORT -k $PGFIX_DIR -c listen_addresses='' -c fsync=${PGFIX_FSYNC:-off}" start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    [ $tries -ge 5 ] && { cat "$PGFIX_DIR/server.log"; return 1; }
    PGFIX_PORT=$((PGFIX_PORT + 1))
  done
  HUB_URL="postgresql:///kiosk?host=$PGFIX_DIR&port=$PGFIX_PORT&user=kiosk_admin"
}
pg_stop() {
  pgfix_as "$PGFIX_BIN/pg_ctl" -D "$PGFIX_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}
pg_sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$PGFIX_DIR" -p "$PGFIX_PORT" -U kiosk_admin -d kiosk -c "$1"; }
pgfix_cleanup() { pg_stop; rm -rf "$PGFIX_DIR"; }
trap pgfix_cleanup EXIT

pg_start || exit 1
psql -X -q -h "$PGFIX_DIR" -p "$PGFIX_PORT" -U kiosk_admin -d postgres -c "CREATE DATABASE kiosk" >/dev/null
