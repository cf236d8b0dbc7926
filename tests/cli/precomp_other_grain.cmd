metric mrr --grain week data/precomputed/mrr.csv
exit 1
