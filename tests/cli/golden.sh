#!/bin/sh
# golden.sh LODESTAR CMDFILE: run one CLI golden.
# CMDFILE holds the arguments on its first line (run from the repo root); the
# expected stdout is CMDFILE with .out for .cmd, the expected exit status is
# in CMDFILE's second line ("exit N", default 0), and when a .err file exists
# stderr must equal it.
bin=$1
cmd=$2
base=${cmd%.cmd}
args=$(sed -n 1p "$cmd")
want_rc=$(sed -n 's/^exit //p' "$cmd")
[ -n "$want_rc" ] || want_rc=0
tmp=$(mktemp -d)
# shellcheck disable=SC2086
"$bin" $args >"$tmp/out" 2>"$tmp/err"
rc=$?
ok=1
if [ "$rc" != "$want_rc" ]; then
  echo "exit status $rc, expected $want_rc"; cat "$tmp/err"; ok=0
fi
if [ -f "$base.out" ] && ! diff -u "$base.out" "$tmp/out"; then ok=0; fi
if [ -f "$base.err" ] && ! diff -u "$base.err" "$tmp/err"; then ok=0; fi
rm -rf "$tmp"
if [ $ok = 1 ]; then echo "1 passed, 0 failed"; exit 0; fi
echo "0 passed, 1 failed"
exit 1
