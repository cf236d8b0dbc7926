metric nrr data/stripe_subscriptions.csv
