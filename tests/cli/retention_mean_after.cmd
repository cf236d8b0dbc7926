retention --period day --type recurring --mode on_or_after --mean data/events_small.csv
