paths --top 0 data/events_small.csv
exit 2
