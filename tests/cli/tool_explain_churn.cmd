tool explain_metric {"name":"customer_churn_rate"} data/subscriptions_small.csv
