metric tier_users --grain month --set currency=USD --set rates=EUR=2 data/fixtures/orders_commerce.csv data/fixtures/events_commerce.csv
