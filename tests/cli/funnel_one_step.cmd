funnel --steps signup data/events_small.csv
exit 2
