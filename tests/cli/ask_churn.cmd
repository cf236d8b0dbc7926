ask data/subscriptions_small.csv churn
