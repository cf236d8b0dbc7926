alerts --format xml data/events_tech.csv
exit 2
