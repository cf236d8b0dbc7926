metric new_users --grain week data/events_small.csv
