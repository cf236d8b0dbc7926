metric mrr data/stripe_subscriptions.csv
