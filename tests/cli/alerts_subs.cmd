alerts --rules data/fixtures/rules_subs.json data/subscriptions_small.csv
