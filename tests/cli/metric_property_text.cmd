metric p95 --property event data/events_tech.csv
exit 1
