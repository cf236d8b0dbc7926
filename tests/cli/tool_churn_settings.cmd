tool get_metric {"name":"customer_churn_rate","settings":{"churn_denominator":"start_plus_new"}} data/subscriptions_small.csv
