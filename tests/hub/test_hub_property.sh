#!/bin/bash
# Issue 14, property: N stations x random operations x random partitions
# (a station that does not sync this round; the hub down for whole rounds)
# -> after healing, equal digests everywhere and every fact the hub
# acknowledged present at every station. Seed: KIOSK_HUB_SEED (printed);
# size: KIOSK_HUB_STATIONS (4), KIOSK_HUB_ROUNDS (12).
set -u
. "$(dirname "$0")/pg_fixture.sh"
. "$(dirname "$0")/stations.sh"
SEED=${KIOSK_HUB_SEED:-$(( $$ % 10000 ))}
RANDOM=$SEED
N=${KIOSK_HUB_STATIONS:-4}
ROUNDS=${KIOSK_HUB_ROUNDS:-12}
echo "seed $SEED, $N stations, $ROUNDS rounds"
names=()
for i in $(seq 1 "$N"); do names+=("S$i"); done

expect 0 S1 hub init "$HUB_URL"
for s in "${names[@]}"; do station_new "$s"; done
printf '482915\n' | k S1 --local-admin user add --badge D7 --name 'Dana Deputy' --role deputy >/dev/null || fail "user add"
printf '529384\n' | k S1 --local-admin user add --badge S2 --name 'Sam Super' --role supervisor >/dev/null || fail "user add"
printf '639172\n' | k S1 --local-admin user add --badge C3 --name 'Casey Comms' --role comms >/dev/null || fail "user add"
converge "${names[@]}"

hub_up=1
booking=0
ops=0
downs=0
for r in $(seq 1 "$ROUNDS"); do
  # the hub goes down or comes back now and then
  if [ $(( RANDOM % 4 )) = 0 ]; then
    if [ $hub_up = 1 ]; then pg_stop; hub_up=0; downs=$((downs + 1)); else pg_start || fail "hub restart"; hub_up=1; fi
  fi
  for s in "${names[@]}"; do
    for o in 1 2 3; do
      case $(( RANDOM % 7 )) in
        0|1)
          booking=$((booking + 1))
          intake_json "2026-9$(printf %05d $booking)" "Poe$(name_of $booking)" | k $s --local-admin --as D7 intake add --json - >/dev/null || fail "intake at $s" ;;
        *)
          ids=($(k $s --local-admin --as C3 request list 2>/dev/null | grep -o 'id=[A-Za-z0-9-]*' | cut -d= -f2))
          [ ${#ids[@]} = 0 ] && continue
          id=${ids[$(( RANDOM % ${#ids[@]} ))]}
          case $(( RANDOM % 7 )) in
            0) k $s --local-admin --as C3 request transmit "$id" --ref "M$RANDOM" ;;
            1) k $s --local-admin --as C3 request ack "$id" ;;
            2) echo "IAR fictional $RANDOM" | k $s --local-admin --as C3 request respond "$id" --disposition no_record --text-file - ;;
            3) k $s --local-admin --as S2 request cancel "$id" --reason "test $RANDOM" ;;
            4) k $s --local-admin --as C3 request needs-info "$id" --text "photo $RANDOM" ;;
            5) k $s --local-admin --as D7 request close "$id" ;;
            6) k $s --local-admin db set queue_sla_min $(( 10 + RANDOM % 50 )) ;;
          esac >/dev/null 2>&1
          rc=$?
          [ $rc = 0 ] && ops=$((ops + 1))
          [ $rc = 0 ] || [ $rc = 65 ] || fail "request op on $s exited $rc" ;;
      esac
    done
    # partition: this station syncs this round or not
    if [ $(( RANDOM % 2 )) = 0 ]; then
      k $s --local-admin sync --once >/dev/null 2>&1
      rc=$?
      if [ $hub_up = 1 ]; then [ $rc = 0 ] || fail "sync on $s exited $rc with the hub up"
      else [ $rc = 69 ] || fail "sync on $s exited $rc with the hub down (want 69)"; fi
    fi
  done
done
echo "$booking intakes, $ops request transitions, hub down $downs times"
[ $hub_up = 1 ] || pg_start || fail "hub restart"
converge "${names[@]}"
same_digests "${names[@]}"
for s in "${names[@]}"; do
  hubmax=$(pg_sql "SELECT COALESCE(max(seq), 0) FROM kiosk_facts WHERE station = '$s'")
  for t in "${names[@]}"; do
    held=$(k $t --local-admin station list | awk -v s=$s '$1 == s {print ($2 == "yes") ? $3 : $2}')
    [ "$held" = "$hubmax" ] || fail "$t holds $s's facts up to $held, the hub up to $hubmax"
  done
done
echo "conflict items: $(k S1 --local-admin station conflicts | tail -1)"
echo "PASS"
