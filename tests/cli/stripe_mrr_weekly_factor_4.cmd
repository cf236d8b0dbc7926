metric mrr --set weekly_factor=4 data/stripe_subscriptions.csv
