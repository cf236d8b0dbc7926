metric p95 --event nope data/events_tech.csv
exit 1
