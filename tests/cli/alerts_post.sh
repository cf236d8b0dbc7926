#!/bin/sh
# alerts_post.sh LODESTAR: `alerts --webhook slack --post URL` sends the Slack
# body to a local receiver (webhook_receiver.mjs) and still exits 3 on a P0,
# as a cron script acting on both would see; a receiver answering 500 prints
# curl's message on stderr and still exits 3 (the P0 must page).
bin=$1
dir=$(mktemp -d)
node tests/cli/webhook_receiver.mjs "$dir" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
i=0
while [ ! -f "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$dir/port") || { echo "receiver did not start"; exit 1; }
fail=0
"$bin" alerts --rules data/rules/tech.json --webhook slack --post "http://127.0.0.1:$port/hook" \
  data/events_tech.csv >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc = 3 ] || { echo "exit $rc, expected 3 (a P0 fires)"; cat "$dir/err"; fail=1; }
grep -q '"blocks"' "$dir/body-1.json" || { echo "no Slack body received"; fail=1; }
grep -q 'events-low' "$dir/body-1.json" || { echo "the P0 rule is not in the body"; fail=1; }
grep -q '^POST application/json' "$dir/type-1.txt" || { echo "not a JSON POST"; fail=1; }
"$bin" alerts --rules data/rules/tech.json --webhook slack --post "http://127.0.0.1:$port/fail" \
  data/events_tech.csv >/dev/null 2>"$dir/err2"
rc=$?
[ $rc = 3 ] || { echo "exit $rc on a failed post with a P0, expected 3"; fail=1; }
grep -q 'curl' "$dir/err2" || { echo "no curl message on a failed post"; cat "$dir/err2"; fail=1; }
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; exit 0; fi
echo "0 passed, 1 failed"
exit 1
