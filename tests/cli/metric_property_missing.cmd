metric p50 data/events_small.csv
exit 1
