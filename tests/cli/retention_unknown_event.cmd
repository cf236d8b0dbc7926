retention --period week --start-event nope data/events_small.csv
exit 1
