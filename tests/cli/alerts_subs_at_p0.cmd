alerts --rules data/rules/subs.json --at 2026-02-28 data/subscriptions_small.csv
exit 3
