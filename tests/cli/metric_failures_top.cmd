metric failures --by status --top 2 data/events_tech.csv
