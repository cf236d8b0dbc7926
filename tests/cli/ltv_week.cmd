metric ltv --grain week data/subscriptions_small.csv
exit 2
