metric feature_penetration --format json data/events_tech.csv
