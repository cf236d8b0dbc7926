retention --period year data/events_small.csv
exit 2
