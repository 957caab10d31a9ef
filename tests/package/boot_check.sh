#!/usr/bin/env bash
# Boots the package test's Debian root with systemd-nspawn (systemd as PID 1
# inside) and starts the installed units there, sandbox and all:
# booking-kiosk.service must stay active, booking-kiosk-backup.service must
# succeed, and systemd-analyze security is asked of the live manager. The
# container has no tty1, DRM or input devices, so a drop-in (written here,
# in the throwaway root only) lifts the tty1 condition, uses SDL's dummy
# video driver and a simulated scanner; every sandbox option stays.
# Usage: boot_check.sh ROOT. Exit 0 passed, 1 failed, 77 nspawn cannot boot
# a container on this machine.
set -euo pipefail
R=$1
fail() { echo "FAIL - $*"; exit 1; }
ok() { echo "ok - $*"; }

mkdir -p "$R/etc/systemd/system/booking-kiosk.service.d"
cat >"$R/etc/systemd/system/booking-kiosk.service.d/container-test.conf" <<'UNIT'
# Package test only: no tty1, DRM or input devices in the container.
[Unit]
ConditionPathExists=
[Service]
StandardInput=null
Environment=SDL_VIDEODRIVER=dummy
ExecStart=
ExecStart=/usr/bin/booking-kiosk --windowed 1024x600 --scanner sim:/var/lib/booking-kiosk/sim-test
UNIT
chroot --userspec=booking-kiosk:booking-kiosk "$R" mkdir -p /var/lib/booking-kiosk/sim-test
cat >"$R/root/boot-check.sh" <<'SH'
#!/bin/sh
# Runs at the container's boot (kiosk-boot-check.service), then powers off.
exec >/root/boot-check.txt 2>&1
systemctl start booking-kiosk.service
sleep 5
echo "kiosk $(systemctl is-active booking-kiosk.service)"
systemctl show -p NRestarts -p Result -p User booking-kiosk.service
systemctl start booking-kiosk-backup.service
echo "backup $(systemctl show -p Result --value booking-kiosk-backup.service)"
systemd-analyze security --no-pager booking-kiosk.service | tail -n 1
journalctl --no-pager -b -o cat -u booking-kiosk.service -u booking-kiosk-backup.service |
  sed 's/^/journal: /'
SH
cat >"$R/etc/systemd/system/kiosk-boot-check.service" <<'UNIT'
[Unit]
Description=package test: start the booking-kiosk units under systemd
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/bin/sh /root/boot-check.sh
ExecStartPost=/bin/systemctl poweroff
[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/kiosk-boot-check.service \
  "$R/etc/systemd/system/multi-user.target.wants/kiosk-boot-check.service"
rm -f "$R/root/boot-check.txt"

# No systemd on the host: no machine registration, no scope unit.
timeout 180 systemd-nspawn --quiet --keep-unit --register=no --boot --console=pipe -D "$R" \
  >"$R.nspawn.log" 2>&1 </dev/null || true
if [[ ! -s $R/root/boot-check.txt ]]; then
  tail -n 20 "$R.nspawn.log"
  echo "SKIP - systemd-nspawn could not boot the root on this machine"
  exit 77
fi
sed -n '1,6p' "$R/root/boot-check.txt"
out=$R/root/boot-check.txt
grep -qx 'kiosk active' "$out" || { cat "$out"; fail "booking-kiosk.service is not active under systemd"; }
grep -qx 'NRestarts=0' "$out" || { cat "$out"; fail "booking-kiosk.service restarted"; }
grep -qx 'User=booking-kiosk' "$out" || fail "booking-kiosk.service does not run as booking-kiosk"
ok "booking-kiosk.service active under systemd 252 (PID 1 in nspawn), sandbox applied, no restarts"
grep -qx 'backup success' "$out" || { cat "$out"; fail "booking-kiosk-backup.service failed"; }
ok "booking-kiosk-backup.service succeeded in its sandbox"
live=$(sed -n 's/.*Overall exposure level for booking-kiosk.service: \([0-9.]*\).*/\1/p' "$out")
[[ -n $live ]] || fail "no live exposure figure"
echo "exposure (live manager) booking-kiosk.service $live"
ok "systemd-analyze security of the running manager: $live"
