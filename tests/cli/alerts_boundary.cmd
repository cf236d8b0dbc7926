alerts --rules data/rules/boundary.json --at 2026-03-02 data/events_tech.csv
