retention --period day --buckets rolling_24h --percent data/events_small.csv
