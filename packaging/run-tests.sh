#!/usr/bin/env bash
# Runs every booking-kiosk test: installs the dependencies (Debian 12, as
# root), configures, builds and runs CTest. This is the README's test command
# and what .ci/run calls first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default "$@"
