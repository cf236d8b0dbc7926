alerts --rules data/rules/subs.json data/subscriptions_small.csv
