sql --format json --max-rows 2 --query-file tests/cli/sql_join.sql data/events_small.csv data/subscriptions_small.csv
