alerts --rules data/rules/tech.json data/events_tech.csv
exit 3
