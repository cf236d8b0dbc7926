alerts --rules data/fixtures/rules_bad.json data/subscriptions_small.csv
exit 1
