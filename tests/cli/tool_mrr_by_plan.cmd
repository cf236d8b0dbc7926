tool get_metric {"name":"mrr","by":"Plan"} data/subscriptions_small.csv
