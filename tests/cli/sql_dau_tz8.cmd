sql --query-file tests/cli/sql_dau_tz8.sql --tz +08:00 data/events_small.csv
