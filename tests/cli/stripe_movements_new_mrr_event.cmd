metric new_mrr --set movements=event data/stripe_subscriptions.csv
