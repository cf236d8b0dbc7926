metric session_duration data/events_small.csv
