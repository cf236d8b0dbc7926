metric customers data/subscriptions_small.csv
