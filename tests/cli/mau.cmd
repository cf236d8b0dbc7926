metric mau data/events_small.csv
