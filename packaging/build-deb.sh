#!/usr/bin/env bash
# Builds the booking-kiosk Debian package(s) from the files git tracks in
# this checkout (working-tree contents; untracked files are left out, as in a
# clean checkout) and leaves them in build/deb/: booking-kiosk_VERSION_ARCH.deb
# and its -dbgsym package, with the .buildinfo/.changes and lintian's report
# (build/deb/lintian.txt). Exits non-zero when the build fails or lintian
# reports an error. Needs dpkg-dev, debhelper, fakeroot and the Build-Depends
# of packaging/debian/control (packaging/install-deps.sh installs them all).
#   LINTIAN=0 bash packaging/build-deb.sh    skip lintian
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/build/deb
version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
stage=$out/stage/booking-kiosk-$version

rm -rf "$out"
mkdir -p "$stage"
git ls-files -z --cached | tar --null -T - -cf - | tar -xf - -C "$stage"
cp -r packaging/debian "$stage/debian"

echo "::: dpkg-buildpackage (log: build/deb/build.log)"
if ! (cd "$stage" && dpkg-buildpackage -b -us -uc -j"$(nproc)") >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  echo "build-deb: dpkg-buildpackage failed (whole log: build/deb/build.log)" >&2
  exit 1
fi
mv "$out"/stage/*.deb "$out"/stage/*.changes "$out"/stage/*.buildinfo "$out"/ 2>/dev/null || true
rm -rf "$out/stage"
ls -l "$out"/*.deb

if [[ ${LINTIAN:-1} != 0 ]]; then
  if ! command -v lintian >/dev/null; then
    echo "build-deb: lintian is not installed (packaging/install-deps.sh installs it)" >&2
    exit 1
  fi
  echo "::: lintian"
  # Info tags (-I) are shown too; every warning left is explained in README.
  lintian -I --no-tag-display-limit "$out"/booking-kiosk_*.changes | tee "$out/lintian.txt" || true
  if grep -q '^E: ' "$out/lintian.txt"; then
    echo "build-deb: lintian reports errors (build/deb/lintian.txt)" >&2
    exit 1
  fi
fi
echo "::: packages in build/deb/"
