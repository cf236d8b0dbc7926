tool nope data/subscriptions_small.csv
exit 1
