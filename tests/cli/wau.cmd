metric wau data/events_small.csv
