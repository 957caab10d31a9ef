#!/bin/sh
# Checks that the kioskctl man page documents every command `kioskctl help`
# lists. Usage: doc_manpage.sh KIOSKCTL MANPAGE
set -eu
cmds=$("$1" help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ {print $1}')
[ -n "$cmds" ] || { echo "kioskctl help listed no commands"; exit 1; }
for c in $cmds; do
  grep -Eq "^\.B[IR]? \"?$c( |\"|$)" "$2" || { echo "$2 lacks the command $c"; exit 1; }
done
echo "$(echo "$cmds" | wc -l) commands documented"
