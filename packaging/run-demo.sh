#!/usr/bin/env bash
# Runs the kiosk's main job on demo data: installs the dependencies (Debian 12,
# as root), configures and builds, then runs it. This is the README's run
# command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default >/dev/null
sample=assets/demo/licence-valid-az.txt
echo "== kioskctl id parse $sample (a fictional Arizona licence)"
build/bin/kioskctl id parse "$sample"
echo
echo "== the same, as JSON"
build/bin/kioskctl id parse --json "$sample"
