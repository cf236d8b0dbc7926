retention --period week --mean --periods 3 data/events_small.csv
