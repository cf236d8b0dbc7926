alerts --rules data/fixtures/rules_tech.json data/events_tech.csv
exit 3
