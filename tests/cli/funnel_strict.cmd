funnel --steps signup,resume_scan --window 1d --order strict data/events_small.csv
