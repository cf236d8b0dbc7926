metric sessions data/events_small.csv
