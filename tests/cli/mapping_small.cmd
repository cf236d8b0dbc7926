mapping data/events_small.csv data/subscriptions_small.csv
