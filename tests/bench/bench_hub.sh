#!/bin/bash
# Runs bench_hub against a throwaway PostgreSQL 15 cluster (fsync on, as a
# real hub) and prints the hub's size per 100,000 intakes. Hold the bench
# lock: flock /tmp/bench.lock tests/bench/bench_hub.sh build [bench args]
set -u
BUILD=${1:?usage: bench_hub.sh BUILD_DIR [--latency N] [--backlog N]}; shift
PGFIX_FSYNC=on
. "$(dirname "$0")/../hub/pg_fixture.sh"
mkdir -p "$PGFIX_DIR/st"
out=$("$BUILD/tests/bench_hub" "$HUB_URL" "$PGFIX_DIR/st" "$@") || { echo "$out"; exit 1; }
echo "$out"
total=$(echo "$out" | awk '/^intakes_total/ {print $2}')
bytes=$(pg_sql "SELECT pg_total_relation_size('kiosk_facts')")
facts=$(pg_sql "SELECT count(*) FROM kiosk_facts")
echo "hub: $facts facts, kiosk_facts with indexes $bytes bytes for $total intakes" \
     "= $(( bytes * 100000 / total / 1048576 )) MiB per 100,000 intakes"
echo "machine: $(nproc) vCPU, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
