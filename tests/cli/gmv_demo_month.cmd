metric gmv --grain month data/fixtures/payments_demo.csv
