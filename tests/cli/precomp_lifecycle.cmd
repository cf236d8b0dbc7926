lifecycle --period day data/precomputed/lifecycle.csv
