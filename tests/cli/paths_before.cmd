paths --before resume_scan --steps 2 data/events_small.csv
