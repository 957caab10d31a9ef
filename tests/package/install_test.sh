#!/usr/bin/env bash
# Package install test: build the booking-kiosk .deb (packaging/build-deb.sh,
# lintian included), make a minimal Debian 12 root with mmdebstrap from the
# archive, `apt install ./booking-kiosk_*.deb` in it and run in_root.sh's
# checks there (as a customize hook, so mmdebstrap mounts /proc, /dev and
# /sys and cleans up), then boot that root with systemd-nspawn and start the
# units under systemd (boot_check.sh). Usage: install_test.sh SOURCE_DIR WORK_DIR
# Exit 77 (skipped) when not root, a tool is missing or the archive cannot
# be reached. KIOSK_DEBIAN_MIRROR overrides http://deb.debian.org/debian.
set -euo pipefail
src=$1
work=$2
mirror=${KIOSK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)

skip() { echo "SKIP: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root (mmdebstrap --mode=root, chroot)"
for tool in mmdebstrap dpkg-buildpackage dh lintian fakeroot python3 man systemd-nspawn; do
  command -v "$tool" >/dev/null || skip "$tool is missing (packaging/install-deps.sh installs it)"
done
python3 - "$mirror" <<'PY' || skip "the Debian archive $mirror cannot be reached"
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/dists/bookworm/InRelease", timeout=20).read(1)
PY

t0=$(date +%s)
echo "::: building the package"
bash "$src/packaging/build-deb.sh"
t1=$(date +%s)
deb=$(ls "$src"/build/deb/booking-kiosk_*_*.deb)
version=$(dpkg-deb -f "$deb" Version)

# A second version of the same package to test an upgrade: the same files,
# the version bumped (dpkg-deb repack, no rebuild).
rm -rf "$work"
mkdir -p "$work/debs" "$work/repack"
cp "$deb" "$work/debs/booking-kiosk_${version}.deb"
dpkg-deb -R "$deb" "$work/repack/pkg"
sed -i "s/^Version: .*/Version: ${version}+upgrade1/" "$work/repack/pkg/DEBIAN/control"
dpkg-deb --root-owner-group -b "$work/repack/pkg" "$work/debs/booking-kiosk_${version}+upgrade1.deb" >/dev/null
rm -rf "$work/repack"

# The man pages render without groff warnings.
for m in "$src"/packaging/man/*.[15]; do
  warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
  [[ -z $warn ]] || { echo "FAIL: $m: $warn"; exit 1; }
done

echo "::: mmdebstrap bookworm ($mirror) + apt install ./$(basename "$deb")"
status=0
mmdebstrap --mode=root --variant=apt --include=systemd,ca-certificates --verbose \
  --customize-hook="mkdir -p \"\$1/tmp/debs\"" \
  --customize-hook="cp $work/debs/*.deb \"\$1/tmp/debs/\"" \
  --customize-hook="bash $here/in_root.sh \"\$1\" $version" \
  bookworm "$work/root" "$mirror" >"$work/mmdebstrap.log" 2>&1 || status=$?
t2=$(date +%s)
grep -E '^(ok|FAIL|:::|exposure)' "$work/mmdebstrap.log" || true
if [[ $status -ne 0 ]]; then
  grep -q "^:::: in_root start" "$work/mmdebstrap.log" ||
    { tail -n 30 "$work/mmdebstrap.log"; echo "FAIL: mmdebstrap did not make the root (log: $work/mmdebstrap.log)"; exit 1; }
  tail -n 30 "$work/mmdebstrap.log"
  echo "FAIL: a check in the root failed (log: $work/mmdebstrap.log)"
  exit 1
fi
echo "::: boot the root with systemd-nspawn and start the units"
bstatus=0
bash "$here/boot_check.sh" "$work/root" || bstatus=$?
t3=$(date +%s)
[[ $bstatus -eq 0 || $bstatus -eq 77 ]] || { echo "FAIL: the units under systemd (log: $work/root.nspawn.log)"; exit 1; }
rm -rf "$work/root"
echo "package test passed: build+lintian $((t1 - t0)) s, root+install+checks $((t2 - t1)) s," \
  "boot $((t3 - t2)) s$([[ $bstatus -eq 77 ]] && echo ' (not run: nspawn cannot boot here)'), total $((t3 - t0)) s"
