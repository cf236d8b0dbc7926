paths --after signup --before signup data/events_small.csv
exit 2
