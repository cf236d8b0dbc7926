retention --period week data/events_small.csv
