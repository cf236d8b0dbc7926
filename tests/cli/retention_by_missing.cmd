retention --period week data/events_small.csv --by
exit 2
