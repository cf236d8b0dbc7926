activedays --period day data/events_small.csv
exit 2
