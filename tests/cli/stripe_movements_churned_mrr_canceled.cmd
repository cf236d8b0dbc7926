metric churned_mrr --set churn_at=canceled data/stripe_subscriptions.csv
