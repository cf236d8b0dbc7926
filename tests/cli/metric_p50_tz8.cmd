metric p50 --tz +08:00 data/events_tech.csv
