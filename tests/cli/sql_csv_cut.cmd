sql --format csv --max-rows 2 --query-file tests/cli/sql_plans.sql data/subscriptions_small.csv
