sql --max-steps 50 --query-file tests/cli/sql_plans.sql data/subscriptions_small.csv
exit 1
