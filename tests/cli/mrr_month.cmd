metric mrr data/subscriptions_small.csv
