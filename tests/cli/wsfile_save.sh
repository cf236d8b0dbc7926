#!/bin/sh
# wsfile_save.sh LODESTAR: `save` writes the demo (and a zone and a setting)
# as a workspace file; every command given the file then prints what it
# prints given the CSVs with the same options; a workspace file given again
# as input saves to the same workspace.
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
mkdir -p "$dir/csv"
"$bin" gen --seed 5 --users 300 --days 120 --out "$dir/csv" >/dev/null || { echo "gen failed"; exit 1; }
opts="--tz America/New_York --set session_gap_minutes=10"
# shellcheck disable=SC2086
"$bin" save $opts "$dir"/csv/*.csv --out "$dir/demo.lodestar.sqlite" >"$dir/said" || { echo "save failed"; exit 1; }
grep -q '^.*demo.lodestar.sqlite: 6 datasets, [0-9]* bytes$' "$dir/said" || { echo "save said: $(cat "$dir/said")"; fail=1; }
for m in mrr arr customers dau mau sessions new_users; do
  # shellcheck disable=SC2086
  "$bin" metric "$m" $opts "$dir"/csv/*.csv >"$dir/want" 2>&1
  "$bin" metric "$m" "$dir/demo.lodestar.sqlite" >"$dir/got" 2>&1
  cmp -s "$dir/want" "$dir/got" || { echo "metric $m differs"; diff "$dir/want" "$dir/got" | head -5; fail=1; }
done
"$bin" retention --period week --tz America/New_York "$dir"/csv/*.csv >"$dir/want" 2>&1
"$bin" retention --period week "$dir/demo.lodestar.sqlite" >"$dir/got" 2>&1
cmp -s "$dir/want" "$dir/got" || { echo "retention differs"; fail=1; }
"$bin" save "$dir/demo.lodestar.sqlite" --out "$dir/again.lodestar.sqlite" >/dev/null || { echo "save again failed"; fail=1; }
"$bin" metric sessions "$dir/again.lodestar.sqlite" >"$dir/got2" 2>&1
"$bin" metric sessions "$dir/demo.lodestar.sqlite" >"$dir/got" 2>&1
cmp -s "$dir/got" "$dir/got2" || { echo "a workspace saved again differs"; fail=1; }
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; exit 0; fi
echo "0 passed, 1 failed"
exit 1
