metric mrr data/precomputed/bad_value.csv
exit 1
