sql data/subscriptions_small.csv
exit 2
