inspect data/subscriptions_small.csv data/events_small.csv
