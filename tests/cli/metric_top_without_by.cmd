metric failures --top 3 data/events_tech.csv
exit 2
