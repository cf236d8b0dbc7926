paths data/events_small.csv
