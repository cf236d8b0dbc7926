metric mrr data/precomputed/mrr.csv
