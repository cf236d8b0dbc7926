metric sessions --tz +08:00 data/events_small.csv
