inspect --now 2026-06-01 data/subscriptions_small.csv data/events_small.csv
