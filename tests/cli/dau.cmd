metric dau data/events_small.csv
