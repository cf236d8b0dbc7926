sql --format csv --query-file tests/cli/sql_plans.sql data/subscriptions_small.csv
