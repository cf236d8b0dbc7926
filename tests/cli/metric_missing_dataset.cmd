metric mrr data/events_small.csv
exit 1
