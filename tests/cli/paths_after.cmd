paths --after signup --steps 2 data/events_small.csv
