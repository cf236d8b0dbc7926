tool list_datasets --tz +08:00 data/events_small.csv data/subscriptions_small.csv
