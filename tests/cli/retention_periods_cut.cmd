retention --period week --mean --periods 1 data/events_small.csv
