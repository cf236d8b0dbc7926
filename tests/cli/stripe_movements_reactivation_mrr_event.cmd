metric reactivation_mrr --set movements=event data/stripe_subscriptions.csv
