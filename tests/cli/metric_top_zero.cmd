metric failures --by status --top 0 data/events_tech.csv
exit 2
