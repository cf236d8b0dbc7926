ask --format yaml data/subscriptions_small.csv MRR
exit 2
