alerts --rules data/rules/bad.json data/subscriptions_small.csv
exit 1
