metric tier_users --by currency data/fixtures/orders_commerce.csv data/fixtures/events_commerce.csv
exit 1
