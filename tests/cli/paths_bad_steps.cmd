paths --steps 21 data/events_small.csv
exit 2
