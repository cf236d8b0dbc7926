sql --query-file tests/cli/sql_two.sql data/subscriptions_small.csv
exit 1
