sql --query-file tests/cli/sql_delete.sql data/subscriptions_small.csv
exit 1
