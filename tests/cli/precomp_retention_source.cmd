retention --period day data/events_small.csv
