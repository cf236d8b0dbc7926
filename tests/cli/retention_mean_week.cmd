retention --period week --mean data/events_small.csv
