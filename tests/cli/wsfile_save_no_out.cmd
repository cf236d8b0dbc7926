save data/events_small.csv
exit 2
