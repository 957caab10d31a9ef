#!/bin/bash
# Issue 14: starts a PostgreSQL cluster and runs the comms-desk cue test
# (test_hub_ui_cue, the real app in the UI harness) against it.
set -u
BIN=${1:?usage: test_hub_ui_cue.sh TEST_BINARY}
. "$(dirname "$0")/pg_fixture.sh"
mkdir -p "$PGFIX_DIR/st"
HUB_URL=$HUB_URL HUB_DIR=$PGFIX_DIR/st SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=UTC "$BIN"
