ask --format json data/subscriptions_small.csv MRR
