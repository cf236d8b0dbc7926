retention --period day data/precomputed/retention.csv
