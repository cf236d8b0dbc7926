metric gmv --grain month data/fixtures/orders_commerce.csv data/fixtures/events_commerce.csv
