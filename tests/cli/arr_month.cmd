metric arr data/subscriptions_small.csv
