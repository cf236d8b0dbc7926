retention --period day --by channel --mean data/events_small.csv tests/cli/retention_by_customers.csv
