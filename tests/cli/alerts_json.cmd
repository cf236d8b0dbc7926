alerts --rules data/rules/boundary.json --at 2026-03-01 --format json data/events_tech.csv
