retention --period week --start-event signup --return-event resume_scan data/events_small.csv
