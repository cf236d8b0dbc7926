retention --period day --type recurring --mode on_or_after data/events_small.csv
