ask data/subscriptions_small.csv hello
