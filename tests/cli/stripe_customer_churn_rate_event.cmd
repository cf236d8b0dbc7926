metric customer_churn_rate --set movements=event data/stripe_subscriptions.csv
