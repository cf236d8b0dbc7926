metric mrr --format csv data/subscriptions_small.csv
