metric mrr --grain week --from 2026-02-01 --to 2026-03-01 data/subscriptions_small.csv
