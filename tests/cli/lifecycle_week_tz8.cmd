lifecycle --period week --tz +08:00 data/events_small.csv
