metric tier_users --grain month data/fixtures/payments_demo.csv
