metric sessions_per_user --grain week data/events_small.csv
