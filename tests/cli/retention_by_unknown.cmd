retention --period week --by nope data/events_small.csv
exit 1
