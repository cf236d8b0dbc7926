tool get_metric {"name":"mrr","grain":"fortnight"} data/subscriptions_small.csv
exit 1
