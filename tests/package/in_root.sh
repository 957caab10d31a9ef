#!/usr/bin/env bash
# The checks of the package install test, run by install_test.sh as an
# mmdebstrap customize hook: $1 is the fresh Debian 12 root (with /proc,
# /sys and /dev mounted), $2 the package version; the packages are in
# $1/tmp/debs/. Each check prints "ok - WHAT" or "FAIL - WHAT" (and exits 1).
set -euo pipefail
R=$1
V=$2
echo ":::: in_root start"
export DEBIAN_FRONTEND=noninteractive

fail() { echo "FAIL - $*"; exit 1; }
ok() { echo "ok - $*"; }
inr() { chroot "$R" "$@"; }
# A command as the service user, with a clean environment.
as_kiosk() {
  chroot --userspec=booking-kiosk:booking-kiosk "$R" \
    env -i PATH=/usr/bin:/bin HOME=/var/lib/booking-kiosk LANG=C.UTF-8 "$@"
}
# mode owner group of a path in the root
perm() { chroot "$R" stat -c '%a %U %G' "$1" 2>/dev/null; }
expect_perm() {
  local got
  got=$(perm "$1") || fail "$1 is missing"
  [[ $got == "$2" ]] || fail "$1 is $got, expected $2"
  ok "$1 is $2"
}
version_installed() { inr dpkg-query -W -f='${Version}' booking-kiosk 2>/dev/null || true; }

echo "::: apt install ./booking-kiosk_${V}.deb"
inr apt-get install -y -q "/tmp/debs/booking-kiosk_${V}.deb" >/tmp/apt-install.log 2>&1 ||
  { cat /tmp/apt-install.log; fail "apt install of the package"; }
[[ $(version_installed) == "$V" ]] || fail "booking-kiosk $V is not installed"
ok "apt install ./booking-kiosk_${V}.deb (dependencies from the archive)"

echo "::: user, group, folders"
pw=$(inr getent passwd booking-kiosk) || fail "no user booking-kiosk"
IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
[[ $uid -lt 1000 && $home == /var/lib/booking-kiosk && $shell == /usr/sbin/nologin ]] ||
  fail "user booking-kiosk: $pw"
ok "system user booking-kiosk (uid $uid, home $home, shell $shell)"
grp=$(inr getent group booking-kiosk) || fail "no group booking-kiosk"
[[ $(cut -d: -f3 <<<"$grp") == "$gid" ]] || fail "group booking-kiosk is not the user's group"
ok "group booking-kiosk (gid $gid) is the user's primary group"
expect_perm /var/lib/booking-kiosk "700 booking-kiosk booking-kiosk"
expect_perm /etc/booking-kiosk/keys "700 booking-kiosk booking-kiosk"
expect_perm /var/backups/booking-kiosk "700 booking-kiosk booking-kiosk"
expect_perm /etc/booking-kiosk/kiosk.ini "644 root root"
inr dpkg-query -W -f='${Conffiles}\n' booking-kiosk | grep -q '/etc/booking-kiosk/kiosk.ini ' ||
  fail "kiosk.ini is not a conffile"
ok "/etc/booking-kiosk/kiosk.ini is a conffile"

echo "::: files"
for f in /usr/bin/booking-kiosk /usr/bin/kioskctl /usr/share/man/man1/booking-kiosk.1.gz \
  /usr/share/man/man1/kioskctl.1.gz /usr/share/man/man5/booking-kiosk.ini.5.gz \
  /usr/lib/udev/rules.d/70-booking-kiosk-scanners.rules /usr/lib/sysusers.d/booking-kiosk.conf \
  /usr/lib/tmpfiles.d/booking-kiosk.conf /usr/share/booking-kiosk/demo/licence-valid-az.txt; do
  [[ -e $R$f ]] || fail "$f is missing"
done
ok "binaries, man pages, udev rules, sysusers.d, tmpfiles.d, demo payloads installed"
for m in booking-kiosk.1 kioskctl.1 booking-kiosk.ini.5; do
  zcat "$R/usr/share/man/man${m##*.}/$m.gz" | grep -q '^\.SH NAME' || fail "man page $m is empty"
done
ok "man pages booking-kiosk(1), kioskctl(1), booking-kiosk.ini(5) in place"
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf; do
  [[ -s $R/usr/share/booking-kiosk/fonts/$f ]] || fail "font $f does not resolve (fonts-dejavu-core)"
done
ok "fonts in /usr/share/booking-kiosk/fonts resolve to fonts-dejavu-core"
[[ $(inr kioskctl --version) == "kioskctl ${V%%+*}" ]] || fail "kioskctl --version: $(inr kioskctl --version)"
[[ $(inr booking-kiosk --version) == "booking-kiosk ${V%%+*}" ]] || fail "booking-kiosk --version"
ok "kioskctl --version and booking-kiosk --version say ${V%%+*}"

echo "::: systemd units"
units=(booking-kiosk.service booking-kiosk-backup.service booking-kiosk-backup.timer
  booking-kiosk-purge.service booking-kiosk-purge.timer booking-kiosk-sync.service)
for u in "${units[@]}"; do [[ -f $R/usr/lib/systemd/system/$u ]] || fail "$u is missing"; done
verify=$(inr env SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
  "${units[@]/#//usr/lib/systemd/system/}" 2>&1) || fail "systemd-analyze verify: $verify"
[[ -z $verify ]] || fail "systemd-analyze verify says: $verify"
ok "systemd-analyze verify of the ${#units[@]} units: clean"
for u in booking-kiosk.service booking-kiosk-backup.timer booking-kiosk-purge.timer; do
  [[ $(inr systemctl is-enabled "$u" 2>&1) == enabled ]] || fail "$u is not enabled"
done
[[ $(inr systemctl is-enabled booking-kiosk-sync.service 2>&1) == disabled ]] ||
  fail "booking-kiosk-sync.service is enabled before the station joined a hub"
ok "booking-kiosk.service and both timers enabled; the hub sync waits for a join (disabled)"
sec=$(inr systemd-analyze security --offline=yes --no-pager /usr/lib/systemd/system/booking-kiosk.service 2>&1 |
  sed -n 's/.*Overall exposure level for booking-kiosk.service: \([0-9.]*\).*/\1/p')
[[ -n $sec ]] || fail "no exposure figure from systemd-analyze security"
echo "exposure booking-kiosk.service $sec"
awk -v e="$sec" 'BEGIN { exit !(e <= 1.0) }' || fail "exposure $sec is above 1.0"
grep -q '^PrivateNetwork=yes' "$R/usr/lib/systemd/system/booking-kiosk.service" || fail "no PrivateNetwork"
ok "booking-kiosk.service exposure $sec (at most 1.0), PrivateNetwork=yes"

echo "::: the database as the service user"
[[ $(as_kiosk kioskctl db path) == /var/lib/booking-kiosk/kiosk.db ]] ||
  fail "kioskctl db path as booking-kiosk: $(as_kiosk kioskctl db path)"
ok "kioskctl db path as booking-kiosk: /var/lib/booking-kiosk/kiosk.db"
as_kiosk kioskctl db init >/dev/null || fail "kioskctl db init as booking-kiosk"
# README's way: runuser (the user's shell is nologin).
inr runuser -u booking-kiosk -- kioskctl db check | grep -q '^ok: /var/lib/booking-kiosk/kiosk.db' ||
  fail "runuser -u booking-kiosk -- kioskctl db check"
expect_perm /var/lib/booking-kiosk/kiosk.db "600 booking-kiosk booking-kiosk"
ok "kioskctl db init + db check as booking-kiosk"
printf '482915\n' | as_kiosk kioskctl --local-admin user add --badge A1 --name 'Pat Admin' --role admin \
  >/dev/null || fail "first admin user"
ok "first admin user added by the database's owner (--local-admin)"
# Root is not the owner: refused (exit 77), the file stays booking-kiosk's.
st=0
printf '1\n' | inr kioskctl --local-admin user add --badge X9 --name X --role admin >/dev/null 2>&1 || st=$?
[[ $st -eq 77 ]] || fail "root acting as --local-admin on the kiosk's database: exit $st, expected 77"
ok "root is refused as --local-admin (not the file's owner): exit 77"
# What booking-kiosk-backup.service runs.
as_kiosk kioskctl --local-admin backup --rotate >/dev/null || fail "backup --rotate as booking-kiosk"
ls "$R"/var/backups/booking-kiosk/kiosk-*.db >/dev/null 2>&1 || fail "no backup in /var/backups/booking-kiosk"
ok "kioskctl --local-admin backup --rotate (the backup unit's command) writes /var/backups/booking-kiosk"
# The app starts as the service user with the packaged config: database,
# fonts from /usr/share/booking-kiosk (SDL's dummy video driver; no screen).
as_kiosk mkdir -p /tmp/simscan
st=0
timeout 6 chroot --userspec=booking-kiosk:booking-kiosk "$R" env -i PATH=/usr/bin:/bin \
  HOME=/var/lib/booking-kiosk SDL_VIDEODRIVER=dummy booking-kiosk --windowed 1024x600 \
  --scanner sim:/tmp/simscan >/tmp/app.log 2>&1 || st=$?
[[ $st -eq 124 ]] || { cat /tmp/app.log; fail "booking-kiosk exited with $st (expected to keep running)"; }
ok "booking-kiosk runs as booking-kiosk with the packaged config and assets (stopped after 6 s)"

echo "::: upgrade keeps database, keys and a changed config"
as_kiosk sh -c 'umask 077; echo fictional-test-key > /etc/booking-kiosk/keys/test.key'
echo "; changed by county IT" >>"$R/etc/booking-kiosk/kiosk.ini"
inr apt-get install -y -q "/tmp/debs/booking-kiosk_${V}+upgrade1.deb" >/tmp/apt-up.log 2>&1 ||
  { cat /tmp/apt-up.log; fail "upgrade to ${V}+upgrade1"; }
[[ $(version_installed) == "${V}+upgrade1" ]] || fail "upgrade did not install ${V}+upgrade1"
grep -q '^; changed by county IT' "$R/etc/booking-kiosk/kiosk.ini" || fail "upgrade lost the config change"
[[ -s $R/etc/booking-kiosk/keys/test.key ]] || fail "upgrade lost the key"
as_kiosk kioskctl --local-admin user list | grep -q 'A1' || fail "upgrade lost the database's users"
as_kiosk kioskctl db check >/dev/null || fail "db check after the upgrade"
expect_perm /etc/booking-kiosk/keys "700 booking-kiosk booking-kiosk"
ok "upgrade to ${V}+upgrade1 kept kiosk.ini's change, the key and the database"

echo "::: remove keeps data and keys"
inr apt-get remove -y -q booking-kiosk >/tmp/apt-rm.log 2>&1 || { cat /tmp/apt-rm.log; fail "apt remove"; }
[[ ! -e $R/usr/bin/kioskctl ]] || fail "kioskctl still there after remove"
for f in /var/lib/booking-kiosk/kiosk.db /etc/booking-kiosk/keys/test.key /etc/booking-kiosk/kiosk.ini; do
  [[ -s $R$f ]] || fail "remove deleted $f"
done
ls "$R"/var/backups/booking-kiosk/kiosk-*.db >/dev/null 2>&1 || fail "remove deleted the backups"
ok "apt remove: programs gone; database, backups, key and kiosk.ini kept"

echo "::: purge removes the config, never the database or keys"
inr apt-get purge -y -q booking-kiosk >/tmp/apt-purge.log 2>&1 || { cat /tmp/apt-purge.log; fail "apt purge"; }
[[ ! -e $R/etc/booking-kiosk/kiosk.ini ]] || fail "purge kept kiosk.ini"
[[ ! -e $R/etc/systemd/system/multi-user.target.wants/booking-kiosk.service ]] ||
  fail "purge kept the unit enabled"
for f in /var/lib/booking-kiosk/kiosk.db /etc/booking-kiosk/keys/test.key; do
  [[ -s $R$f ]] || fail "purge deleted $f"
done
ls "$R"/var/backups/booking-kiosk/kiosk-*.db >/dev/null 2>&1 || fail "purge deleted the backups"
grep -q 'kept (personal data and keys)' /tmp/apt-purge.log || fail "purge did not say what it kept"
ok "apt purge: kiosk.ini and unit links gone; database, backups and key kept (and said so)"

echo "::: reinstall after purge finds the kept database"
inr apt-get install -y -q "/tmp/debs/booking-kiosk_${V}.deb" >/tmp/apt-re.log 2>&1 ||
  { cat /tmp/apt-re.log; fail "reinstall"; }
as_kiosk kioskctl db check >/dev/null || fail "db check after reinstall"
as_kiosk kioskctl --local-admin user list | grep -q 'A1' || fail "reinstall: users gone"
ok "reinstall: same user owns the kept database, db check passes"
echo ":::: in_root done"
